namespace InfoSharing.Worker.Features.Outbox;

/// <summary>Wakes the dispatcher in this process as soon as a transaction has written to the outbox; polling covers other replicas.</summary>
public sealed class OutboxSignal : WakeSignal;
