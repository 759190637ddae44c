using System.Diagnostics;
using InfoSharing.Benchmarks.Synthetic;
using InfoSharing.Matching;
using InfoSharing.Matching.Batch;
using InfoSharing.Matching.Live;
using InfoSharing.Matching.Model;

namespace InfoSharing.Benchmarks;

/// <summary>Batch deduplication and live matching on the synthetic UK-like population.</summary>
internal static class ScaleBench
{
    public static void Deduplicate(int records, int seed)
    {
        var clock = Stopwatch.StartNew();
        var population = SyntheticPopulation.Generate(records, seed);
        var generated = clock.Elapsed;
        var input = population.Select(r => r.Record).ToList();
        var truth = population.ToDictionary(r => r.Record.Id, r => r.Person, StringComparer.Ordinal);
        clock.Restart();
        var lastStage = "";
        var result = BatchLinker.Deduplicate(input, progress: new Progress(p =>
        {
            if (p.Stage != lastStage)
            {
                lastStage = p.Stage;
            }
        }));
        var elapsed = clock.Elapsed;
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        var heap = GC.GetTotalMemory(forceFullCollection: false);
        var quality = Score(result, truth);
        Console.WriteLine($"dedup {records:N0} synthetic records (seed {seed}; generated in {generated.TotalSeconds:F1}s): {elapsed.TotalSeconds:F1}s " +
            $"[{string.Join(", ", result.Timings.Select(t => $"{t.Key} {t.Value.TotalSeconds:F1}s"))}]");
        Console.WriteLine($"  comparisons {result.CandidateCount:N0} ({string.Join(", ", result.PairsPerBlockingRule.Select(r => $"{r.Key} {r.Value:N0}"))}); oversized blocks skipped {result.OversizedBlocks:N0}");
        Console.WriteLine($"  matched pairs P {quality.Pairs.Precision:F4} R {quality.Pairs.Recall:F4} F1 {quality.Pairs.F1:F4}; clusters P {quality.Clusters.Precision:F4} R {quality.Clusters.Recall:F4} F1 {quality.Clusters.F1:F4}; possible matches {result.Pairs.Count(p => p.Decision == MatchDecision.PossibleMatch):N0}");
        Console.WriteLine($"  memory: peak working set {peak / 1048576.0:N0} MiB, managed heap after run {heap / 1048576.0:N0} MiB; EM iterations {result.Model.Training.EmIterations}");
        Console.WriteLine();
    }

    public static void Live(int indexSize, int queries, int trainSize, int seed)
    {
        var clock = Stopwatch.StartNew();
        var population = SyntheticPopulation.Generate(indexSize + queries, seed);
        var indexed = population.Take(indexSize).ToList();
        var incoming = population.Skip(indexSize).ToList();

        // The model is trained in batch (as an agency's historical load would be), then used live.
        clock.Restart();
        var training = BatchLinker.Deduplicate(indexed.Take(Math.Min(trainSize, indexSize)).Select(r => r.Record).ToList());
        var model = training.Model;
        var trained = clock.Elapsed;

        clock.Restart();
        var index = new InMemoryPersonIndex();
        var prepared = PreparedPerson.PrepareAll(indexed.Select(r => r.Record).ToList());
        for (var r = 0; r < prepared.Length; r++)
        {
            // The index holds resolved persons: its records are keyed by the person they truly belong to.
            index.Add(indexed[r].Person.ToString(System.Globalization.CultureInfo.InvariantCulture), prepared[r]);
        }

        var built = clock.Elapsed;
        var personsInIndex = indexed.Select(r => r.Person).ToHashSet();
        var matcher = new PersonMatcher(model);
        var latencies = new double[incoming.Count];
        var candidates = 0L;
        int matches = 0, wrong = 0, reviews = 0, none = 0, missed = 0;

        // Warm up (JIT) on records that are not measured.
        foreach (var warm in indexed.Take(200))
        {
            var record = PreparedPerson.Prepare(warm.Record);
            matcher.Match(record, index.Candidates(record));
        }

        var tick = Stopwatch.StartNew();
        for (var q = 0; q < incoming.Count; q++)
        {
            var start = tick.Elapsed;
            var record = PreparedPerson.Prepare(incoming[q].Record);
            var found = index.Candidates(record);
            var result = matcher.Match(record, found);
            latencies[q] = (tick.Elapsed - start).TotalMilliseconds;
            candidates += found.Count;
            var person = incoming[q].Person;
            switch (result.Decision)
            {
                case MatchDecision.Match:
                    matches++;
                    wrong += result.PersonId == person.ToString(System.Globalization.CultureInfo.InvariantCulture) ? 0 : 1;
                    break;
                case MatchDecision.PossibleMatch:
                    reviews++;
                    break;
                default:
                    none++;
                    missed += personsInIndex.Contains(person) ? 1 : 0;
                    break;
            }
        }

        Array.Sort(latencies);
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(index);
        GC.KeepAlive(prepared);
        Console.WriteLine($"live: index of {indexSize:N0} records built in {built.TotalSeconds:F1}s; model trained on {Math.Min(trainSize, indexSize):N0} records in {trained.TotalSeconds:F1}s");
        Console.WriteLine($"  {incoming.Count:N0} single-record matches (candidates from the index, then scored and decided; after 200 unmeasured warm-up queries): p50 {Percentile(latencies, 0.50):F3} ms, p90 {Percentile(latencies, 0.90):F3} ms, p99 {Percentile(latencies, 0.99):F3} ms, max {latencies[^1]:F1} ms; {candidates / (double)incoming.Count:F0} candidates per record");
        Console.WriteLine($"  decisions: {matches:N0} match ({wrong:N0} to the wrong person), {reviews:N0} review, {none:N0} no match ({missed:N0} of them had a person in the index)");
        Console.WriteLine($"  memory: peak working set {peak / 1048576.0:N0} MiB, managed heap with index {heap / 1048576.0:N0} MiB");
        Console.WriteLine();
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static (Quality Pairs, Quality Clusters) Score(LinkResult result, Dictionary<string, int> truth)
    {
        var truePairs = truth.Values.GroupBy(p => p).Sum(g => (long)g.Count() * (g.Count() - 1) / 2);
        long tp = 0, fp = 0;
        foreach (var pair in result.Matches)
        {
            if (truth[result.Left[pair.Left].Id] == truth[result.Left[pair.Right].Id])
            {
                tp++;
            }
            else
            {
                fp++;
            }
        }

        long ctp = 0, predicted = 0;
        foreach (var cluster in Enumerable.Range(0, result.Clusters.Length).GroupBy(i => result.Clusters[i]))
        {
            var members = cluster.ToList();
            predicted += (long)members.Count * (members.Count - 1) / 2;
            ctp += members.GroupBy(i => truth[result.Left[i].Id]).Sum(g => (long)g.Count() * (g.Count() - 1) / 2);
        }

        return (new Quality(tp, fp, truePairs - tp), new Quality(ctp, predicted - ctp, truePairs - ctp));
    }

    private sealed class Progress(Action<LinkProgress> report) : IProgress<LinkProgress>
    {
        public void Report(LinkProgress value) => report(value);
    }
}
