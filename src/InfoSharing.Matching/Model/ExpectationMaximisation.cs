using InfoSharing.Matching.Comparisons;

namespace InfoSharing.Matching.Model;

/// <summary>
/// EM for the two-class Fellegi-Sunter mixture over distinct comparison patterns (each with its count), so an
/// iteration costs patterns x comparisons whatever the number of pairs. Null levels carry no information and
/// are left out of both classes.
/// </summary>
internal static class ExpectationMaximisation
{
    internal sealed record Result(double[][] M, double[][] U, double Lambda, int Iterations, bool Converged);

    // excluded: comparisons left out (treated as null), such as those a training session is blocked on.
    public static Result Run(ulong[] patterns, long[] counts, ComparisonSet comparisons, double[][] initialU, TrainingOptions options, bool[]? excluded = null)
    {
        var c = comparisons.Count;
        var levels = new byte[patterns.Length * c];
        for (var p = 0; p < patterns.Length; p++)
        {
            for (var k = 0; k < c; k++)
            {
                levels[(p * c) + k] = excluded is not null && excluded[k] ? (byte)Comparison.Null : (byte)ComparisonSet.LevelOf(patterns[p], k);
            }
        }

        var m = InitialM(comparisons);
        var u = initialU.Select(a => (double[])a.Clone()).ToArray();
        var lambda = 0.1;
        var posterior = new double[patterns.Length];
        var iterations = 0;
        var converged = false;
        while (iterations < options.MaxEmIterations && !converged)
        {
            iterations++;
            var logM = m.Select(a => a.Select(x => Math.Log(x)).ToArray()).ToArray();
            var logU = u.Select(a => a.Select(x => Math.Log(x)).ToArray()).ToArray();
            var logLambda = Math.Log(lambda);
            var logNotLambda = Math.Log(1 - lambda);
            double matched = 0, total = 0;
            for (var p = 0; p < patterns.Length; p++)
            {
                var lm = logLambda;
                var lu = logNotLambda;
                for (var k = 0; k < c; k++)
                {
                    var level = levels[(p * c) + k];
                    if (level != Comparison.Null)
                    {
                        lm += logM[k][level];
                        lu += logU[k][level];
                    }
                }

                posterior[p] = 1.0 / (1.0 + Math.Exp(lu - lm));
                matched += posterior[p] * counts[p];
                total += counts[p];
            }

            var newM = Accumulate(comparisons, levels, counts, posterior, match: true, options.PseudoCount);
            var newU = Accumulate(comparisons, levels, counts, posterior, match: false, options.PseudoCount);
            var newLambda = Math.Clamp(matched / total, 1e-9, 1 - 1e-9);
            var change = Math.Max(Math.Abs(newLambda - lambda), Math.Max(MaxChange(m, newM), MaxChange(u, newU)));
            m = newM;
            u = newU;
            lambda = newLambda;
            converged = change < options.EmTolerance;
        }

        return new Result(m, u, lambda, iterations, converged);
    }

    /// <summary>Start with the first (strongest) level likely among matches and the rest sharing what is left.</summary>
    private static double[][] InitialM(ComparisonSet comparisons) =>
        comparisons.Items.Select(comparison =>
        {
            var levels = comparison.LevelCount;
            var m = new double[levels];
            m[1] = levels > 2 ? 0.9 : 0.5;
            for (var l = 2; l < levels; l++)
            {
                m[l] = (1 - m[1]) / (levels - 2);
            }

            return m;
        }).ToArray();

    private static double[][] Accumulate(ComparisonSet comparisons, byte[] levels, long[] counts, double[] posterior, bool match, double pseudoCount)
    {
        var c = comparisons.Count;
        var sums = comparisons.Items.Select(x => new double[x.LevelCount]).ToArray();
        for (var p = 0; p < counts.Length; p++)
        {
            var weight = (match ? posterior[p] : 1 - posterior[p]) * counts[p];
            for (var k = 0; k < c; k++)
            {
                sums[k][levels[(p * c) + k]] += weight;
            }
        }

        for (var k = 0; k < c; k++)
        {
            var n = sums[k].Length;
            var nonNull = sums[k].Skip(1).Sum();
            sums[k][0] = 0;
            for (var l = 1; l < n; l++)
            {
                sums[k][l] = (sums[k][l] + pseudoCount) / (nonNull + (pseudoCount * (n - 1)));
            }
        }

        return sums;
    }

    private static double MaxChange(double[][] before, double[][] after)
    {
        var max = 0.0;
        for (var k = 0; k < before.Length; k++)
        {
            for (var l = 1; l < before[k].Length; l++)
            {
                max = Math.Max(max, Math.Abs(before[k][l] - after[k][l]));
            }
        }

        return max;
    }
}
