using InfoSharing.Matching.Comparisons;

namespace InfoSharing.Matching.Model;

/// <summary>
/// Estimates a Fellegi-Sunter model with no labels. u comes from random pairs. m comes from expectation-maximisation
/// (a two-class mixture with conditionally independent comparisons, whose non-match class has its own u, since
/// blocked non-matches agree more often than random ones) in training sessions, as Splink does: one over the
/// candidate pairs with the same date of birth, which estimates every comparison but the date; one over those
/// with the same given and family names, which estimates every comparison but the names. A session blocked on
/// personal fields keeps EM from taking households (same surname and address) for the match class. λ is the
/// date session's match share times its size, divided by m(date exact) from the names session, spread over every
/// possible pair. Without enough pairs for the sessions, one EM runs over all candidates. Term frequencies come
/// from the records.
/// </summary>
public static class ModelTrainer
{
    /// <param name="left">The records (deduplication) or the left file (linkage).</param>
    /// <param name="right">The right file, or null to deduplicate <paramref name="left"/>.</param>
    /// <param name="candidatePatterns">The comparison pattern of every blocked candidate pair (<see cref="ComparisonSet.Pattern"/>).</param>
    /// <param name="comparisons">The comparisons of the model (default: <see cref="ComparisonSet.Default"/>).</param>
    /// <param name="options">Sample size, EM limits and seed.</param>
    public static FellegiSunterModel Train(
        IReadOnlyList<PreparedPerson> left,
        IReadOnlyList<PreparedPerson>? right,
        ReadOnlySpan<ulong> candidatePatterns,
        ComparisonSet? comparisons = null,
        TrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(left);
        comparisons ??= ComparisonSet.Default;
        options ??= new TrainingOptions();
        if (candidatePatterns.Length == 0)
        {
            throw new ArgumentException("Blocking found no candidate pairs to learn from.", nameof(candidatePatterns));
        }

        var u = EstimateU(left, right, comparisons, options, out var sampled);
        var (patterns, counts) = CountPatterns(candidatePatterns);
        var (m, expectedMatches, iterations, converged) = EstimateM(patterns, counts, comparisons, u, options);

        double totalPairs = right is null ? (double)left.Count * (left.Count - 1) / 2 : (double)left.Count * right.Count;
        var lambda = Math.Clamp(expectedMatches / totalPairs, 1e-12, 0.5);
        u = WithoutMatches(u, m, lambda, sampled);

        var all = right is null ? left : left.Concat(right).ToList();
        var parameters = new ComparisonParameters[comparisons.Count];
        for (var c = 0; c < comparisons.Count; c++)
        {
            var comparison = comparisons.Items[c];
            var levels = new LevelParameters[comparison.LevelCount - 1];
            for (var l = 1; l < comparison.LevelCount; l++)
            {
                levels[l - 1] = new LevelParameters(comparison.LevelNames[l], m[c][l], u[c][l]);
            }

            var tf = comparison.TermFrequencyLevel > 0 ? TermFrequencyTable.Build(comparison, all) : null;
            parameters[c] = new ComparisonParameters(comparison.Name, levels, tf);
        }

        var summary = new TrainingSummary(sampled, candidatePatterns.Length, patterns.Length, iterations, converged, expectedMatches / candidatePatterns.Length, all.Count);
        return new FellegiSunterModel(comparisons, lambda, parameters, summary);
    }

    /// <summary>
    /// A random pair is the same person with probability λ, so the sample's share at a level is
    /// λ·m + (1 - λ)·u. Solving for u matters for identifiers and full addresses, where the few random pairs that
    /// agree are mostly true matches: left in, they would cap the level's weight near log2(1 / λ).
    /// </summary>
    private static double[][] WithoutMatches(double[][] observed, double[][] m, double lambda, long sampled)
    {
        var floor = 0.5 / Math.Max(1, sampled);
        var result = new double[observed.Length][];
        for (var c = 0; c < observed.Length; c++)
        {
            var u = new double[observed[c].Length];
            for (var l = 1; l < u.Length; l++)
            {
                u[l] = Math.Max((observed[c][l] - (lambda * m[c][l])) / (1 - lambda), floor);
            }

            var sum = u.Skip(1).Sum();
            for (var l = 1; l < u.Length; l++)
            {
                u[l] /= sum;
            }

            result[c] = u;
        }

        return result;
    }

    /// <summary>Fewer pairs than this in a session and it is not used.</summary>
    private const long MinimumSessionPairs = 200;

    private static (double[][] M, double ExpectedMatches, int Iterations, bool Converged) EstimateM(
        ulong[] patterns, long[] counts, ComparisonSet comparisons, double[][] u, TrainingOptions options)
    {
        var birth = IndexOf(comparisons, "birth_date");
        var given = IndexOf(comparisons, "given_name");
        var family = IndexOf(comparisons, "family_name");
        var total = counts.Sum();
        if (birth >= 0 && given >= 0 && family >= 0)
        {
            var birthSession = Session(patterns, counts, p => ComparisonSet.LevelOf(p, birth) == 1);
            var nameSession = Session(patterns, counts, p => ComparisonSet.LevelOf(p, given) == 1 && ComparisonSet.LevelOf(p, family) == 1);
            if (birthSession.Pairs >= MinimumSessionPairs && nameSession.Pairs >= MinimumSessionPairs)
            {
                var byBirth = ExpectationMaximisation.Run(birthSession.Patterns, birthSession.Counts, comparisons, u, options, Excluding(comparisons, birth));
                var byName = ExpectationMaximisation.Run(nameSession.Patterns, nameSession.Counts, comparisons, u, options, Excluding(comparisons, given, family));
                var m = new double[comparisons.Count][];
                for (var c = 0; c < comparisons.Count; c++)
                {
                    m[c] = c == birth ? byName.M[c]
                        : c == given || c == family ? byBirth.M[c]
                        : byBirth.M[c].Zip(byName.M[c], (a, b) => (a + b) / 2).ToArray();
                }

                // Matches among same-birth-date pairs are the share m(birth exact) of all matches.
                var expected = Math.Min(byBirth.Lambda * birthSession.Pairs / m[birth][1], total);
                return (m, expected, byBirth.Iterations + byName.Iterations, byBirth.Converged && byName.Converged);
            }
        }

        var em = ExpectationMaximisation.Run(patterns, counts, comparisons, u, options);
        return (em.M, em.Lambda * total, em.Iterations, em.Converged);
    }

    private static (ulong[] Patterns, long[] Counts, long Pairs) Session(ulong[] patterns, long[] counts, Func<ulong, bool> include)
    {
        var chosen = Enumerable.Range(0, patterns.Length).Where(i => include(patterns[i])).ToArray();
        return (chosen.Select(i => patterns[i]).ToArray(), chosen.Select(i => counts[i]).ToArray(), chosen.Sum(i => counts[i]));
    }

    private static bool[] Excluding(ComparisonSet comparisons, params int[] excluded)
    {
        var result = new bool[comparisons.Count];
        foreach (var c in excluded)
        {
            result[c] = true;
        }

        return result;
    }

    private static int IndexOf(ComparisonSet comparisons, string name)
    {
        for (var c = 0; c < comparisons.Count; c++)
        {
            if (comparisons.Items[c].Name == name)
            {
                return c;
            }
        }

        return -1;
    }

    /// <summary>u per comparison and level from random pairs (index 0, the null level, unused).</summary>
    internal static double[][] EstimateU(IReadOnlyList<PreparedPerson> left, IReadOnlyList<PreparedPerson>? right, ComparisonSet comparisons, TrainingOptions options, out long sampled)
    {
        var dedupe = right is null;
        right ??= left;
        if (left.Count == 0 || right.Count == 0 || (dedupe && left.Count < 2))
        {
            throw new ArgumentException("At least two records are needed to estimate u.");
        }

        const int chunk = 50_000;
        var total = options.RandomPairs;
        var chunks = (total + chunk - 1) / chunk;
        var counts = new long[comparisons.Count][];
        for (var c = 0; c < comparisons.Count; c++)
        {
            counts[c] = new long[comparisons.Items[c].LevelCount];
        }

        var gate = new object();
        Parallel.For(0, chunks, () => NewCounts(comparisons), (index, _, local) =>
        {
            // Not HashCode.Combine: it is seeded per process, and the same seed must give the same model anywhere.
            var random = new Random(unchecked((options.Seed * 1_000_003) + index));
            var n = Math.Min(chunk, total - (index * chunk));
            for (var s = 0; s < n; s++)
            {
                var i = random.Next(left.Count);
                var j = random.Next(right.Count);
                if (dedupe)
                {
                    while (j == i)
                    {
                        j = random.Next(right.Count);
                    }
                }

                for (var c = 0; c < comparisons.Count; c++)
                {
                    local[c][comparisons.Items[c].Compare(left[i], right[j])]++;
                }
            }

            return local;
        }, local =>
        {
            lock (gate)
            {
                for (var c = 0; c < counts.Length; c++)
                {
                    for (var l = 0; l < counts[c].Length; l++)
                    {
                        counts[c][l] += local[c][l];
                    }
                }
            }
        });

        sampled = total;
        var u = new double[comparisons.Count][];
        for (var c = 0; c < comparisons.Count; c++)
        {
            var levels = counts[c].Length;
            var nonNull = counts[c].Skip(1).Sum();
            u[c] = new double[levels];
            for (var l = 1; l < levels; l++)
            {
                u[c][l] = (counts[c][l] + options.PseudoCount) / (nonNull + (options.PseudoCount * (levels - 1)));
            }
        }

        return u;
    }

    internal static (ulong[] Patterns, long[] Counts) CountPatterns(ReadOnlySpan<ulong> patterns)
    {
        var counts = new Dictionary<ulong, long>();
        foreach (var p in patterns)
        {
            counts[p] = counts.GetValueOrDefault(p) + 1;
        }

        var keys = counts.Keys.Order().ToArray();
        return (keys, keys.Select(k => counts[k]).ToArray());
    }

    private static long[][] NewCounts(ComparisonSet comparisons) =>
        comparisons.Items.Select(c => new long[c.LevelCount]).ToArray();
}
