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
