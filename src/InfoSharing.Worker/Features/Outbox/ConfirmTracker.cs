using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace InfoSharing.Worker.Features.Outbox;

/// <summary>
/// Matches the broker's answers on one publishing channel to the rows published on it: basic.return (unroutable,
/// sent before the message's ack), basic.ack and basic.nack by publish sequence number, and the channel's shutdown.
/// The dispatcher tracks confirms itself (not RabbitMQ.Client's tracking) so that it can publish a batch in order
/// without waiting on each message, tell a returned message from a routed one, and add no header to the message.
/// </summary>
internal sealed class ConfirmTracker
{
    /// <summary>AMQP soft errors: the broker closes the channel, not the connection, because of what was published.</summary>
    private static readonly HashSet<ushort> ChannelErrors = [311, 312, 313, 403, 404, 405, 406];

    private readonly Lock _gate = new();
    private readonly SortedDictionary<ulong, InFlight> _inFlight = [];

    /// <summary>Registers a row about to be published with sequence number <paramref name="sequence"/>.</summary>
    public Task<PublishOutcome> Track(ulong sequence, OutboxRow row)
    {
        var inFlight = new InFlight(row);
        lock (_gate)
        {
            _inFlight[sequence] = inFlight;
        }

        return inFlight.Done.Task;
    }

    public Task OnReturnAsync(object sender, BasicReturnEventArgs args)
    {
        lock (_gate)
        {
            // Returns come in publish order, each before its ack: the earliest unanswered row with this address.
            var match = _inFlight.Values.FirstOrDefault(f => f.Returned is null
                && f.Row.Exchange == args.Exchange && f.Row.RoutingKey == args.RoutingKey && f.Row.MessageId == args.BasicProperties.MessageId);
            if (match is not null)
            {
                match.Returned = $"unroutable: {args.ReplyCode} {args.ReplyText} (exchange {args.Exchange}, routing key {args.RoutingKey})";
            }
        }

        return Task.CompletedTask;
    }

    public Task OnAckAsync(object sender, BasicAckEventArgs args)
    {
        foreach (var f in Take(args.DeliveryTag, args.Multiple))
        {
            f.Done.TrySetResult(f.Returned is null
                ? new PublishOutcome(f.Row, PublishResult.Routed, null)
                : new PublishOutcome(f.Row, PublishResult.Unroutable, f.Returned));
        }

        return Task.CompletedTask;
    }

    public Task OnNackAsync(object sender, BasicNackEventArgs args)
    {
        foreach (var f in Take(args.DeliveryTag, args.Multiple))
        {
            f.Done.TrySetResult(new PublishOutcome(f.Row, PublishResult.Nacked, "nacked by the broker"));
        }

        return Task.CompletedTask;
    }

    public Task OnShutdownAsync(object sender, ShutdownEventArgs args)
    {
        var channelError = args.Initiator == ShutdownInitiator.Peer && ChannelErrors.Contains(args.ReplyCode);
        Fail(channelError ? PublishResult.ChannelError : PublishResult.Unknown, $"channel closed: {args.ReplyCode} {args.ReplyText}");
        return Task.CompletedTask;
    }

    /// <summary>Ends every unanswered row with <paramref name="result"/> (a timeout, a publish that threw, a closed channel).</summary>
    public void Fail(PublishResult result, string error)
    {
        List<InFlight> all;
        lock (_gate)
        {
            all = [.. _inFlight.Values];
            _inFlight.Clear();
        }

        foreach (var f in all)
        {
            f.Done.TrySetResult(new PublishOutcome(f.Row, result, error));
        }
    }

    private List<InFlight> Take(ulong tag, bool multiple)
    {
        lock (_gate)
        {
            var taken = multiple ? _inFlight.Where(p => p.Key <= tag).ToList() : _inFlight.Where(p => p.Key == tag).ToList();
            foreach (var (sequence, _) in taken)
            {
                _inFlight.Remove(sequence);
            }

            return taken.ConvertAll(p => p.Value);
        }
    }

    private sealed class InFlight(OutboxRow row)
    {
        public OutboxRow Row { get; } = row;

        public string? Returned { get; set; }

        public TaskCompletionSource<PublishOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
