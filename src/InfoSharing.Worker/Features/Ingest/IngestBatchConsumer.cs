using MassTransit;

namespace InfoSharing.Worker.Features.Ingest;

/// <summary>
/// Takes the deliveries MassTransit collected from one agency queue (up to Messaging:BatchSize, or what arrived within
/// Messaging:BatchTimeLimit) to the ingest stage. Every message's own outcome (accepted, rejected, set aside) is
/// settled inside; only an outage escapes, and MassTransit's retry policy waits it out without returning the messages.
/// </summary>
public sealed class IngestBatchConsumer(IngestProcessor processor) : IConsumer<Batch<InboundDelivery>>
{
    public async Task Consume(ConsumeContext<Batch<InboundDelivery>> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var deliveries = new List<InboundDelivery>(context.Message.Length);
        foreach (var message in context.Message)
        {
            deliveries.Add(message.Message);
        }

        await processor.ProcessBatchAsync(deliveries, context.CancellationToken);
    }
}
