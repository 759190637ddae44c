using System.ComponentModel.DataAnnotations;

namespace InfoSharing.Worker.Features.Flags;

/// <summary>Section "Flags": the flags stage (docs/decisions/0014), which runs the rules for children whose picture changed.</summary>
public sealed class FlagStageOptions
{
    public const string SectionName = "Flags";

    /// <summary>Whether this replica runs the flags stage (stages scale separately).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Evaluation loops in this replica; replicas and loops share the queue (each child is locked while evaluated).</summary>
    [Range(1, 32)]
    public int Concurrency { get; set; } = 1;

    /// <summary>Most children evaluated in one transaction.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>How often the queue is looked at when nothing in this process signalled new work (other replicas' ingest).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RequestPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How often every child is re-evaluated: some rules move with time alone (a man not seen after the grace period,
    /// the was-not-brought window, an infant growing out of "not yet mobile"). Scheduled in the database: one replica
    /// of the deployment runs each sweep.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>First pause before a child whose evaluation failed is tried again; it doubles with each failure.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan FailureBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest pause between attempts for a child whose evaluation keeps failing.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxFailureBackoff { get; set; } = TimeSpan.FromHours(1);
}
