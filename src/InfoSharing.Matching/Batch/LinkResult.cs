using InfoSharing.Matching.Blocking;
using InfoSharing.Matching.Model;

namespace InfoSharing.Matching.Batch;

/// <summary>One scored candidate pair of a batch run (indexes into the run's left and right records).</summary>
public readonly record struct ScoredPair(int Left, int Right, double Weight, double Probability, MatchDecision Decision, string Rule, int BlockingRule);

/// <summary>The outcome of a batch run: the model, every pair at or above the review threshold, and clusters.</summary>
public sealed class LinkResult
{
    internal LinkResult(
        IReadOnlyList<PreparedPerson> left,
        IReadOnlyList<PreparedPerson>? right,
        FellegiSunterModel model,
        PairScorer scorer,
        CandidatePairs candidates,
        IReadOnlyList<ScoredPair> pairs,
        int[] clusters,
        IReadOnlyDictionary<string, TimeSpan> timings)
    {
        Left = left;
        Right = right;
        Model = model;
        Scorer = scorer;
        CandidateCount = candidates.Count;
        PairsPerBlockingRule = candidates.Rules.Items.Select((r, i) => (r.Name, candidates.PairsPerRule[i])).ToDictionary(x => x.Name, x => x.Item2);
        OversizedBlocks = candidates.OversizedBlocksPerRule.Sum();
        BlockingRuleNames = candidates.Rules.Items.Select(r => r.Name).ToArray();
        Pairs = pairs;
        Clusters = clusters;
        Timings = timings;
    }

    public IReadOnlyList<PreparedPerson> Left { get; }

    /// <summary>Null when the run deduplicated <see cref="Left"/>.</summary>
    public IReadOnlyList<PreparedPerson>? Right { get; }

    public bool IsDeduplication => Right is null;

    public FellegiSunterModel Model { get; }

    public PairScorer Scorer { get; }

    /// <summary>Pairs compared after blocking.</summary>
    public long CandidateCount { get; }

    public IReadOnlyDictionary<string, long> PairsPerBlockingRule { get; }

    public long OversizedBlocks { get; }

    public IReadOnlyList<string> BlockingRuleNames { get; }

    /// <summary>Pairs whose decision is a match or a possible match, strongest first.</summary>
    public IReadOnlyList<ScoredPair> Pairs { get; }

    /// <summary>
    /// The cluster of every record (connected components of matched pairs): index i for left record i, and in a
    /// link Left.Count + j for right record j. The value is the lowest record index in the cluster.
    /// </summary>
    public int[] Clusters { get; }

    public IReadOnlyDictionary<string, TimeSpan> Timings { get; }

    public IEnumerable<ScoredPair> Matches => Pairs.Where(p => p.Decision == MatchDecision.Match);

    public PreparedPerson RightRecord(int index) => (Right ?? Left)[index];

    /// <summary>The record behind a cluster node index.</summary>
    public PreparedPerson Node(int node) => node < Left.Count ? Left[node] : Right![node - Left.Count];

    /// <summary>The full explanation of a pair: every field's contribution, the rule, the model version.</summary>
    public PairScore Explain(ScoredPair pair) =>
        Scorer.Score(Left[pair.Left], RightRecord(pair.Right), BlockingRuleNames[pair.BlockingRule]);
}
