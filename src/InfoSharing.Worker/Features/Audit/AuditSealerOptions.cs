using System.ComponentModel.DataAnnotations;

namespace InfoSharing.Worker.Features.Audit;

/// <summary>The audit sealer: how often it looks for new entries, and how many it chains per transaction.</summary>
public sealed class AuditSealerOptions
{
    public const string SectionName = "Audit:Sealer";

    /// <summary>Run the sealer on this replica (one replica at a time seals; the others wait to take over).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often new entries are looked for when the last round found fewer than <see cref="BatchSize"/>: the bulk of the sealing delay.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 5_000;

    /// <summary>How often a replica that is not the sealer tries to become it (after the sealer's process or connection ended).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan LeaderRetryInterval { get; set; } = TimeSpan.FromSeconds(5);
}
