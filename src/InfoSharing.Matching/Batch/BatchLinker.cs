using System.Diagnostics;
using InfoSharing.Matching.Blocking;
using InfoSharing.Matching.Clustering;
using InfoSharing.Matching.Comparisons;
using InfoSharing.Matching.Model;

namespace InfoSharing.Matching.Batch;

/// <summary>
/// Deduplicates one set of records or links two: prepare, block, compare, train (unless a model is given),
/// score, cluster. The same comparisons, model and decision rules as the live path (<see cref="Live.PersonMatcher"/>).
/// </summary>
public static class BatchLinker
{
    private const int Chunk = 65_536;

    public static LinkResult Deduplicate(IReadOnlyList<PersonRecord> records, LinkSettings? settings = null, IProgress<LinkProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        return Run(records, null, settings ?? new LinkSettings(), progress);
    }

    public static LinkResult Link(IReadOnlyList<PersonRecord> left, IReadOnlyList<PersonRecord> right, LinkSettings? settings = null, IProgress<LinkProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return Run(left, right, settings ?? new LinkSettings(), progress);
    }

    private static LinkResult Run(IReadOnlyList<PersonRecord> leftRecords, IReadOnlyList<PersonRecord>? rightRecords, LinkSettings settings, IProgress<LinkProgress>? progress)
    {
        var thresholds = settings.Thresholds.Validate();
        var timings = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        void Lap(string stage)
        {
            timings[stage] = clock.Elapsed;
            clock.Restart();
        }

        var total = leftRecords.Count + (rightRecords?.Count ?? 0);
        progress?.Report(new LinkProgress("prepare", 0, total));
        var left = PreparedPerson.PrepareAll(leftRecords);
        var right = rightRecords is null ? null : PreparedPerson.PrepareAll(rightRecords);
        progress?.Report(new LinkProgress("prepare", total, total));
        Lap("prepare");

        progress?.Report(new LinkProgress("block", 0, settings.BlockingRules.Count));
        var generator = new CandidateGenerator(settings.BlockingRules, settings.MaxBlockSize);
        var candidates = right is null ? generator.Deduplicate(left) : generator.Link(left, right);
        progress?.Report(new LinkProgress("block", settings.BlockingRules.Count, settings.BlockingRules.Count));
        Lap("block");

        var comparisons = settings.Model?.Comparisons ?? settings.Comparisons;
        var patterns = ComparePairs(left, right ?? left, candidates, comparisons, progress);
        Lap("compare");

        var model = settings.Model;
        if (model is null)
        {
            progress?.Report(new LinkProgress("train", 0, 1));
            model = ModelTrainer.Train(left, right, patterns, comparisons, settings.Training);
            progress?.Report(new LinkProgress("train", 1, 1));
        }

        Lap("train");

        var scorer = new PairScorer(model, thresholds);
        var pairs = Score(model, thresholds, left, right ?? left, candidates, patterns, progress);
        Lap("score");

        var nodes = left.Length + (right?.Length ?? 0);
        var offset = right is null ? 0 : left.Length;
        var components = new UnionFind(nodes);
        foreach (var pair in pairs)
        {
            if (pair.Decision == MatchDecision.Match)
            {
                components.Union(pair.Left, offset + pair.Right);
            }
        }

        var clusters = components.Clusters();
        Lap("cluster");
        return new LinkResult(left, right, model, scorer, candidates, pairs, clusters, timings);
    }

    private static ulong[] ComparePairs(PreparedPerson[] left, PreparedPerson[] right, CandidatePairs candidates, ComparisonSet comparisons, IProgress<LinkProgress>? progress)
    {
        var count = candidates.Count;
        var patterns = new ulong[count];
        var leftIndex = candidates.Left.ToArray();
        var rightIndex = candidates.Right.ToArray();
        long done = 0;
        progress?.Report(new LinkProgress("compare", 0, count));
        Parallel.For(0, (count + Chunk - 1) / Chunk, chunk =>
        {
            var end = Math.Min(count, (chunk + 1) * Chunk);
            for (var p = chunk * Chunk; p < end; p++)
            {
                patterns[p] = comparisons.Pattern(left[leftIndex[p]], right[rightIndex[p]]);
            }

            progress?.Report(new LinkProgress("compare", Interlocked.Add(ref done, end - (chunk * Chunk)), count));
        });
        return patterns;
    }

    private static List<ScoredPair> Score(
        FellegiSunterModel model,
        MatchThresholds thresholds,
        PreparedPerson[] left,
        PreparedPerson[] right,
        CandidatePairs candidates,
        ulong[] patterns,
        IProgress<LinkProgress>? progress)
    {
        var comparisons = model.Comparisons;
        var termComparisons = Enumerable.Range(0, comparisons.Count)
            .Where(c => comparisons.Items[c].TermFrequencyLevel > 0 && model.Parameters[c].TermFrequencies is not null)
            .ToArray();
        var leftLogFrequency = termComparisons.Select(c => LogFrequencies(model, c, left)).ToArray();
        var rightLogFrequency = ReferenceEquals(left, right) ? leftLogFrequency : termComparisons.Select(c => LogFrequencies(model, c, right)).ToArray();
        var leftIndex = candidates.Left.ToArray();
        var rightIndex = candidates.Right.ToArray();
        var rules = candidates.Rule.ToArray();
        var count = candidates.Count;
        var results = new List<ScoredPair>();
        var gate = new object();
        long done = 0;
        Parallel.For(0, (count + Chunk - 1) / Chunk, () => new List<ScoredPair>(), (chunk, _, local) =>
        {
            var end = Math.Min(count, (chunk + 1) * Chunk);
            for (var p = chunk * Chunk; p < end; p++)
            {
                var pattern = patterns[p];
                var weight = model.PriorWeight + model.PatternWeight(pattern);
                for (var t = 0; t < termComparisons.Length; t++)
                {
                    var c = termComparisons[t];
                    if (ComparisonSet.LevelOf(pattern, c) == comparisons.Items[c].TermFrequencyLevel)
                    {
                        var i = leftIndex[p];
                        var j = rightIndex[p];
                        weight += model.TermLevelLogU(c) - Math.Max(leftLogFrequency[t][i], rightLogFrequency[t][j]);
                    }
                }

                var l = left[leftIndex[p]];
                var r = right[rightIndex[p]];
                var (decision, rule, probability) = PairScorer.Decide(l, r, weight, thresholds);
                if (decision != MatchDecision.NoMatch)
                {
                    local.Add(new ScoredPair(leftIndex[p], rightIndex[p], weight, probability, decision, rule, rules[p]));
                }
            }

            progress?.Report(new LinkProgress("score", Interlocked.Add(ref done, end - (chunk * Chunk)), count));
            return local;
        }, local =>
        {
            lock (gate)
            {
                results.AddRange(local);
            }
        });

        results.Sort((a, b) => b.Weight != a.Weight ? b.Weight.CompareTo(a.Weight) : a.Left != b.Left ? a.Left.CompareTo(b.Left) : a.Right.CompareTo(b.Right));
        return results;
    }

    private static double[] LogFrequencies(FellegiSunterModel model, int comparison, PreparedPerson[] records)
    {
        var table = model.Parameters[comparison].TermFrequencies!;
        var item = model.Comparisons.Items[comparison];
        var result = new double[records.Length];
        for (var i = 0; i < records.Length; i++)
        {
            result[i] = Math.Log2(table.FrequencyOf(item.Term(records[i])));
        }

        return result;
    }
}
