using System.ComponentModel.DataAnnotations;
using InfoSharing.Matching.Model;

namespace InfoSharing.Worker.Features.People;

/// <summary>Section "PersonIndex": the live matcher's model and thresholds, validated at start.</summary>
public sealed class PersonIndexOptions : IValidatableObject
{
    public const string SectionName = "PersonIndex";

    /// <summary>
    /// A model.json written by the <c>link</c> command (trained on the index or an agency's historical load).
    /// Empty: the built-in model trained on synthetic data.
    /// </summary>
    public string? ModelPath { get; set; }

    /// <summary>Match probability at or above which a record joins a person automatically.</summary>
    [Range(0.5, 0.999999)]
    public double MatchProbability { get; set; } = MatchThresholds.Default.MatchProbability;

    /// <summary>Match probability at or above which a possible match opens a review task.</summary>
    [Range(0.000001, 0.999999)]
    public double ReviewProbability { get; set; } = MatchThresholds.Default.ReviewProbability;

    /// <summary>
    /// A probe key shared by more records than this is skipped as too common to tell people apart (as in the batch
    /// path); the other rules still find candidates. Each skipped key is counted in the link's audit entry.
    /// </summary>
    [Range(10, 100_000)]
    public int MaxRecordsPerKey { get; set; } = 1000;

    /// <summary>
    /// How many advisory-lock buckets the blocking keys are hashed into. More buckets: fewer unrelated batches wait on
    /// each other; the count a transaction holds is bounded by <see cref="MaxLocksPerTransaction"/> either way.
    /// </summary>
    [Range(64, 1 << 30)]
    public int LockBuckets { get; set; } = 1 << 20;

    /// <summary>
    /// Most advisory locks one transaction takes for the person index; a batch that would need more takes the
    /// index-wide lock instead (it then runs alone). Keep it well under PostgreSQL's max_locks_per_transaction times
    /// max_connections divided by the number of concurrent batches.
    /// </summary>
    [Range(1, 4096)]
    public int MaxLocksPerTransaction { get; set; } = 512;

    /// <summary>How many candidate persons a review task lists at most (best first).</summary>
    [Range(1, 100)]
    public int MaxReviewCandidates { get; set; } = 5;

    public MatchThresholds Thresholds => new() { MatchProbability = MatchProbability, ReviewProbability = ReviewProbability };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ReviewProbability > MatchProbability)
        {
            yield return new ValidationResult(
                $"PersonIndex:ReviewProbability ({ReviewProbability}) must not exceed PersonIndex:MatchProbability ({MatchProbability}).",
                [nameof(ReviewProbability), nameof(MatchProbability)]);
        }

        if (!string.IsNullOrWhiteSpace(ModelPath) && !File.Exists(ModelPath))
        {
            yield return new ValidationResult($"PersonIndex:ModelPath '{ModelPath}' does not exist.", [nameof(ModelPath)]);
        }
    }
}
