using InfoSharing.Matching.Blocking;
using InfoSharing.Matching.Comparisons;
using InfoSharing.Matching.Model;

namespace InfoSharing.Matching.Batch;

/// <summary>Everything a batch run may change; the defaults are the ones measured in bench/README.md.</summary>
public sealed record LinkSettings
{
    public ComparisonSet Comparisons { get; init; } = ComparisonSet.Default;

    public BlockingRuleSet BlockingRules { get; init; } = BlockingRuleSet.Default;

    public MatchThresholds Thresholds { get; init; } = MatchThresholds.Default;

    public TrainingOptions Training { get; init; } = new();

    /// <summary>A trained model to use as it is; when null the run trains one from its own records.</summary>
    public FellegiSunterModel? Model { get; init; }

    /// <summary>Blocks with more records than this on one side are skipped (see <see cref="CandidateGenerator"/>).</summary>
    public int MaxBlockSize { get; init; } = 2000;
}
