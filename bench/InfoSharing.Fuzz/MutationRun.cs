using System.Diagnostics;

namespace InfoSharing.Fuzz;

/// <summary>One input that escaped the readers as something other than a documented rejection.</summary>
public sealed record Crash(long Index, FuzzInput Input, Exception Exception)
{
    /// <summary>The exception's type and the first frame in InfoSharing code (or the first frame): what makes two crashes the same bug.</summary>
    public string Signature
    {
        get
        {
            var frames = (Exception.StackTrace ?? string.Empty).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var frame = frames.FirstOrDefault(f => f.Contains("InfoSharing.", StringComparison.Ordinal) && !f.Contains("InfoSharing.Fuzz.", StringComparison.Ordinal))
                ?? frames.FirstOrDefault() ?? "(no stack)";
            var at = frame.IndexOf(" in ", StringComparison.Ordinal);
            return $"{Exception.GetType().Name} {(at > 0 ? frame[..at] : frame)}";
        }
    }
}

/// <summary>What a run of the seeded mutator gave: inputs, outcomes by reader and code, crashes, and the slowest input.</summary>
public sealed class MutationRunResult
{
    public long Inputs { get; set; }

    public Dictionary<string, long> Outcomes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> Readers { get; } = new(StringComparer.Ordinal);

    public List<Crash> Crashes { get; } = [];

    public TimeSpan Elapsed { get; set; }

    public TimeSpan Slowest { get; set; }

    public long SlowestIndex { get; set; }
}

/// <summary>Runs inputs <c>0..count-1</c> of the seeded mutator through <see cref="ReaderTarget"/> in this process.</summary>
public static class MutationRun
{
    public static MutationRunResult Run(IReadOnlyList<FuzzInput> seeds, int seed, long count, Action<long, MutationRunResult>? progress = null, long first = 0)
    {
        var mutator = new Mutator(seeds, seed);
        var result = new MutationRunResult();
        var total = Stopwatch.StartNew();
        var one = new Stopwatch();
        for (var index = first; index < first + count; index++)
        {
            var input = mutator.Make(index);
            var bytes = input.ToBytes();
            string outcome;
            one.Restart();
            try
            {
                outcome = ReaderTarget.Run(bytes);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                outcome = $"crash: {ex.GetType().Name}";
                result.Crashes.Add(new Crash(index, input, ex));
            }

            one.Stop();
            if (one.Elapsed > result.Slowest)
            {
                (result.Slowest, result.SlowestIndex) = (one.Elapsed, index);
            }

            result.Inputs++;
            Increment(result.Outcomes, outcome);
            Increment(result.Readers, ReaderTarget.ReaderOf(bytes));
            if (result.Inputs % 10_000 == 0)
            {
                progress?.Invoke(index, result);
            }
        }

        result.Elapsed = total.Elapsed;
        return result;
    }

    private static void Increment(Dictionary<string, long> counts, string key) =>
        counts[key] = counts.GetValueOrDefault(key) + 1;
}
