using InfoSharing.Matching.Model;

namespace InfoSharing.Matching.Live;

/// <summary>
/// The live path: decides one incoming record against the candidates that blocking found (from PostgreSQL or
/// <see cref="InMemoryPersonIndex"/>). Deterministic on a trusted NHS number, then Fellegi-Sunter. A person is
/// joined automatically only when exactly one person reaches the match threshold; several such persons, or
/// a possible match, go to review. Thread-safe.
/// </summary>
public sealed class PersonMatcher
{
    public PersonMatcher(FellegiSunterModel model, MatchThresholds? thresholds = null)
    {
        Scorer = new PairScorer(model, thresholds);
    }

    public PairScorer Scorer { get; }

    public MatchResult Match(PersonRecord incoming, IEnumerable<MatchCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        return Match(PreparedPerson.Prepare(incoming), candidates);
    }

    public MatchResult Match(PreparedPerson incoming, IEnumerable<MatchCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        ArgumentNullException.ThrowIfNull(candidates);
        var version = Scorer.Model.Version;

        // Best record per person: a person is as close as the closest of its records.
        var best = new Dictionary<string, ScoredCandidate>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            var score = Scorer.Score(incoming, candidate.Record, candidate.BlockingRule);
            if (!best.TryGetValue(candidate.PersonId, out var current) || Rank(score).CompareTo(Rank(current.Score)) > 0)
            {
                best[candidate.PersonId] = new ScoredCandidate(candidate.PersonId, score);
            }
        }

        var ranked = best.Values
            .OrderByDescending(c => Rank(c.Score))
            .ThenBy(c => c.PersonId, StringComparer.Ordinal)
            .ToList();
        if (ranked.Count == 0)
        {
            return new MatchResult(MatchDecision.NoMatch, incoming.IsPlaceholder ? MatchRules.Placeholder : MatchRules.NoCandidate, null, ranked, version);
        }

        var matches = ranked.Where(c => c.Score.Decision == MatchDecision.Match).ToList();
        if (matches.Count == 1)
        {
            return new MatchResult(MatchDecision.Match, matches[0].Score.Rule, matches[0].PersonId, ranked, version);
        }

        if (matches.Count > 1)
        {
            return new MatchResult(MatchDecision.PossibleMatch, MatchRules.Ambiguous, null, ranked, version);
        }

        var top = ranked[0].Score;
        return top.Decision == MatchDecision.PossibleMatch
            ? new MatchResult(MatchDecision.PossibleMatch, top.Rule, null, ranked, version)
            : new MatchResult(MatchDecision.NoMatch, incoming.IsPlaceholder ? MatchRules.Placeholder : top.Rule, null, ranked, version);
    }

    // A deterministic NHS match outranks any weight; then the decision; then the weight.
    private static (int, int, double) Rank(PairScore score) =>
        (score.Rule == MatchRules.NhsNumberExact ? 1 : 0, (int)score.Decision, score.Weight);
}
