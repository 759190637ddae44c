using System.ComponentModel.DataAnnotations;

namespace InfoSharing.Worker.Features.Outbox;

/// <summary>The outbox dispatcher: batches, confirms, retries, parking and the lease that lets one replica publish at a time.</summary>
public sealed class OutboxOptions : IValidatableObject
{
    public const string SectionName = "Outbox";

    /// <summary>Whether this replica publishes the outbox (stages can be scaled separately).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often pending rows are looked for when nothing woke the dispatcher (other replicas' writes).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Rows claimed, published (pipelined, one channel) and confirmed at once.</summary>
    [Range(1, 5000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>How long the broker may take to confirm a batch; past it the outcome is unknown and the rows are published again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan ConfirmTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a dispatcher's claim on the outbox lasts without renewal; another replica takes over after it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Refusals by the broker (unroutable, nacked, channel closed on it) after which a row is parked and its stream held.</summary>
    [Range(1, 1000)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Wait after a row's first refusal; doubled after each further one, up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LeaseDuration < ConfirmTimeout * 2)
        {
            yield return new ValidationResult(
                "Outbox:LeaseDuration must be at least twice Outbox:ConfirmTimeout, so that a batch is confirmed and marked before the lease lapses.",
                [nameof(LeaseDuration), nameof(ConfirmTimeout)]);
        }

        if (MaxRetryDelay < RetryDelay)
        {
            yield return new ValidationResult("Outbox:MaxRetryDelay must not be shorter than Outbox:RetryDelay.", [nameof(MaxRetryDelay)]);
        }
    }

    /// <summary>The wait before the next publication of a row the broker has refused <paramref name="attempts"/> times.</summary>
    public TimeSpan DelayAfter(int attempts)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var delay = TimeSpan.FromMilliseconds(RetryDelay.TotalMilliseconds * factor);
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }
}
