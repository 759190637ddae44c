using InfoSharing.Matching.Comparisons;

namespace InfoSharing.Matching.Model;

/// <summary>Scores pairs of records with a trained model and decides them against thresholds. Thread-safe.</summary>
public sealed class PairScorer
{
    private readonly TermFrequencyTable?[] _termFrequencies;

    public PairScorer(FellegiSunterModel model, MatchThresholds? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        Thresholds = (thresholds ?? MatchThresholds.Default).Validate();
        _termFrequencies = model.Parameters.Select(p => p.TermFrequencies).ToArray();
    }

    public FellegiSunterModel Model { get; }

    public MatchThresholds Thresholds { get; }

    /// <summary>Scores one pair and explains it field by field.</summary>
    public PairScore Score(PreparedPerson left, PreparedPerson right, string? blockingRule = null)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var comparisons = Model.Comparisons;
        var contributions = new FieldContribution[comparisons.Count];
        var weight = Model.PriorWeight;
        for (var c = 0; c < comparisons.Count; c++)
        {
            var comparison = comparisons.Items[c];
            var level = comparison.Compare(left, right);
            var adjustment = TermFrequencyAdjustment(c, level, left, right);
            var contribution = Model.LevelWeight(c, level) + adjustment;
            contributions[c] = new FieldContribution(comparison.Name, comparison.LevelNames[level], contribution, adjustment);
            weight += contribution;
        }

        var (decision, rule, probability) = Decide(left, right, weight, Thresholds);
        return new PairScore(left.Id, right.Id, weight, probability, decision, rule, contributions, blockingRule, Model.Version);
    }

    /// <summary>
    /// The one place where a weight becomes a decision, for the live path and the batch alike: equal trusted NHS
    /// numbers match; a placeholder never matches otherwise; different trusted NHS numbers are at most reviewed.
    /// </summary>
    internal static (MatchDecision Decision, string Rule, double Probability) Decide(PreparedPerson left, PreparedPerson right, double weight, MatchThresholds thresholds)
    {
        var probability = FellegiSunterModel.Probability(weight);
        if (left.NhsNumber is not null && string.Equals(left.NhsNumber, right.NhsNumber, StringComparison.Ordinal))
        {
            return (MatchDecision.Match, MatchRules.NhsNumberExact, probability);
        }

        if (left.IsPlaceholder || right.IsPlaceholder)
        {
            return (MatchDecision.NoMatch, MatchRules.Placeholder, probability);
        }

        var decision = thresholds.Decide(probability);
        if (left.NhsNumber is not null && right.NhsNumber is not null)
        {
            return (decision == MatchDecision.Match ? MatchDecision.PossibleMatch : decision, MatchRules.NhsNumberConflict, probability);
        }

        if (decision == MatchDecision.Match && IsPossibleTwin(left, right))
        {
            return (MatchDecision.PossibleMatch, MatchRules.PossibleTwin, probability);
        }

        return (decision, MatchRules.Probabilistic, probability);
    }

    private static readonly GivenNameComparison GivenNames = new();
    private static readonly FamilyNameComparison FamilyNames = new();

    /// <summary>See <see cref="MatchRules.PossibleTwin"/>. Needs sex on both records, so data without it is unaffected.</summary>
    internal static bool IsPossibleTwin(PreparedPerson left, PreparedPerson right) =>
        left.Sex != '\0' && left.Sex == right.Sex &&
        left.BirthDate is { } l && right.BirthDate is { } r && l.Digits == r.Digits &&
        GivenNames.Compare(left, right) == GivenNames.LevelCount - 1 &&
        FamilyNames.Compare(left, right) is >= 1 and <= 4;

    private double TermFrequencyAdjustment(int comparison, int level, PreparedPerson left, PreparedPerson right)
    {
        var item = Model.Comparisons.Items[comparison];
        if (level == Comparison.Null || level != item.TermFrequencyLevel || _termFrequencies[comparison] is not { } table)
        {
            return 0;
        }

        var frequency = Math.Max(table.FrequencyOf(item.Term(left)), table.FrequencyOf(item.Term(right)));
        return Model.TermLevelLogU(comparison) - Math.Log2(frequency);
    }
}
