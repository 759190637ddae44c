namespace InfoSharing.Matching.Model;

/// <summary>
/// Match probability at or above <see cref="MatchProbability"/>: link automatically; at or above
/// <see cref="ReviewProbability"/>: a possible match for a person to review; below: no match.
/// </summary>
public sealed record MatchThresholds
{
    /// <summary>The defaults used by the batch command, the benchmark and the FEBRL floor tests.</summary>
    public static MatchThresholds Default { get; } = new();

    public double MatchProbability { get; init; } = 0.99;

    public double ReviewProbability { get; init; } = 0.1;

    /// <summary>Throws when the thresholds are not 0 &lt; review &lt;= match &lt; 1.</summary>
    public MatchThresholds Validate()
    {
        if (ReviewProbability is <= 0 or >= 1 || MatchProbability is <= 0 or >= 1 || ReviewProbability > MatchProbability)
        {
            throw new ArgumentException(
                $"Thresholds must satisfy 0 < ReviewProbability ({ReviewProbability}) <= MatchProbability ({MatchProbability}) < 1.");
        }

        return this;
    }

    public MatchDecision Decide(double probability) =>
        probability >= MatchProbability ? MatchDecision.Match
        : probability >= ReviewProbability ? MatchDecision.PossibleMatch
        : MatchDecision.NoMatch;
}
