using System.Diagnostics;
using InfoSharing.Matching.Batch;

namespace InfoSharing.Benchmarks;

/// <summary>Precision, recall, F1 and comparisons on FEBRL1 to 4 at the default thresholds, and FEBRL4 wall time.</summary>
internal static class FebrlBench
{
    public static void Run(int repeat)
    {
        var folder = Febrl.DataFolder();
        Console.WriteLine($"FEBRL at the default thresholds (match p >= {new LinkSettings().Thresholds.MatchProbability}), no labels in training");
        Console.WriteLine("| data | task | records | comparisons | true pairs | true pairs blocked | pairs P | pairs R | pairs F1 | clusters P | clusters R | clusters F1 | seconds |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (name, files) in new[] { ("FEBRL1", new[] { "dataset1.csv" }), ("FEBRL2", ["dataset2.csv"]), ("FEBRL3", ["dataset3.csv"]), ("FEBRL4", ["dataset4a.csv", "dataset4b.csv"]) })
        {
            var left = Febrl.Load(files[0], folder);
            var right = files.Length > 1 ? Febrl.Load(files[1], folder) : null;
            var clock = Stopwatch.StartNew();
            var result = right is null ? BatchLinker.Deduplicate(left) : BatchLinker.Link(left, right);
            var seconds = clock.Elapsed.TotalSeconds;
            var pairs = Febrl.ScorePairs(result);
            var clusters = Febrl.ScoreClusters(result);
            var blocked = BlockedTruePairs(result);
            Console.WriteLine(
                $"| {name} | {(right is null ? "dedupe" : "link")} | {left.Count + (right?.Count ?? 0):N0} | {result.CandidateCount:N0} | {Febrl.TruePairs(left, right):N0} | {blocked:N0} | " +
                $"{pairs.Precision:F4} | {pairs.Recall:F4} | {pairs.F1:F4} | {clusters.Precision:F4} | {clusters.Recall:F4} | {clusters.F1:F4} | {seconds:F2} |");
        }

        // FEBRL4 train and link, end to end from parsed records; the first run in a process includes JIT compilation.
        var a = Febrl.Load("dataset4a.csv", folder);
        var b = Febrl.Load("dataset4b.csv", folder);
        var times = new List<double>();
        for (var r = 0; r < Math.Max(1, repeat); r++)
        {
            var clock = Stopwatch.StartNew();
            var result = BatchLinker.Link(a, b);
            times.Add(clock.Elapsed.TotalSeconds);
            if (r == 0)
            {
                Console.WriteLine($"FEBRL4 stages: {string.Join(", ", result.Timings.Select(t => $"{t.Key} {t.Value.TotalSeconds:F2}s"))}; EM iterations {result.Model.Training.EmIterations}; model {result.Model.Version}");
            }
        }

        Console.WriteLine($"FEBRL4 train+link wall time over {times.Count} runs in one process: {string.Join(", ", times.Select(t => $"{t:F2}s"))}");
        Console.WriteLine();
    }

    private static long BlockedTruePairs(LinkResult result)
    {
        // Candidates are not kept by the result, so count the true pairs among scored pairs plus those blocked but
        // scored below review: rerun blocking alone.
        var generator = new InfoSharing.Matching.Blocking.CandidateGenerator(InfoSharing.Matching.Blocking.BlockingRuleSet.Default);
        var candidates = result.Right is null ? generator.Deduplicate(result.Left) : generator.Link(result.Left, result.Right);
        return Febrl.TruePairsBlocked(result, candidates.Left.ToArray(), candidates.Right.ToArray());
    }
}
