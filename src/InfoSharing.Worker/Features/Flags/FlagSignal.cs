namespace InfoSharing.Worker.Features.Flags;

/// <summary>Wakes the flags stage in this process as soon as an ingest batch committed children to evaluate; polling covers other replicas.</summary>
public sealed class FlagSignal : WakeSignal;
