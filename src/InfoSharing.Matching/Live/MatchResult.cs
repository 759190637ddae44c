using InfoSharing.Matching.Model;

namespace InfoSharing.Matching.Live;

/// <summary>One candidate person's best record and its score.</summary>
public sealed record ScoredCandidate(string PersonId, PairScore Score);

/// <summary>
/// The decision for one incoming record: <see cref="MatchDecision.Match"/> joins <see cref="PersonId"/>;
/// <see cref="MatchDecision.PossibleMatch"/> opens a review task over <see cref="Candidates"/>;
/// <see cref="MatchDecision.NoMatch"/> creates a new person. <see cref="Rule"/> says why.
/// </summary>
public sealed record MatchResult(
    MatchDecision Decision,
    string Rule,
    string? PersonId,
    IReadOnlyList<ScoredCandidate> Candidates,
    string ModelVersion)
{
    /// <summary>The best-scored candidate, if any.</summary>
    public ScoredCandidate? Best => Candidates.Count > 0 ? Candidates[0] : null;
}
