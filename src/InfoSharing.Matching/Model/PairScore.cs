namespace InfoSharing.Matching.Model;

/// <summary>What one comparison added to a pair's weight, in bits (term-frequency adjustment included).</summary>
public sealed record FieldContribution(string Comparison, string Level, double Weight, double TermFrequencyAdjustment);

/// <summary>
/// A scored pair with everything a link must store: total weight and probability, the decision and the rule
/// behind it, each comparison's contribution, the blocking rule that found the pair and the model version.
/// </summary>
public sealed record PairScore(
    string LeftId,
    string RightId,
    double Weight,
    double Probability,
    MatchDecision Decision,
    string Rule,
    IReadOnlyList<FieldContribution> Contributions,
    string? BlockingRule,
    string ModelVersion);
