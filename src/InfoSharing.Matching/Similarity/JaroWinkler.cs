namespace InfoSharing.Matching.Similarity;

/// <summary>
/// Jaro and Jaro-Winkler similarity (Winkler 1990): common-prefix bonus of 0.1 per character for up to four
/// characters, applied whatever the Jaro score (as Splink's and DuckDB's <c>jaro_winkler_similarity</c> do).
/// </summary>
public static class JaroWinkler
{
    private const double PrefixScale = 0.1;
    private const int MaxPrefix = 4;

    public static double Similarity(string left, string right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var jaro = Jaro(left, right);
        var prefix = 0;
        var limit = Math.Min(MaxPrefix, Math.Min(left.Length, right.Length));
        while (prefix < limit && left[prefix] == right[prefix])
        {
            prefix++;
        }

        return jaro + (prefix * PrefixScale * (1 - jaro));
    }

    /// <summary>
    /// The Jaro-Winkler similarity when it can reach <paramref name="threshold"/>, else 0. An upper bound from the
    /// characters the strings share (in any order) and their common prefix skips most hopeless pairs cheaply.
    /// </summary>
    public static double SimilarityIfAtLeast(string left, string right, double threshold)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (left.Length == 0 || right.Length == 0)
        {
            return Similarity(left, right);
        }

        Span<byte> counts = stackalloc byte[128];
        counts.Clear();
        foreach (var c in left)
        {
            counts[c & 127]++;
        }

        var common = 0;
        foreach (var c in right)
        {
            ref var n = ref counts[c & 127];
            if (n > 0)
            {
                n--;
                common++;
            }
        }

        var prefix = 0;
        var limit = Math.Min(MaxPrefix, Math.Min(left.Length, right.Length));
        while (prefix < limit && left[prefix] == right[prefix])
        {
            prefix++;
        }

        var jaroBound = common == 0 ? 0 : (((double)common / left.Length) + ((double)common / right.Length) + 1) / 3;
        var bound = jaroBound + (prefix * PrefixScale * (1 - jaroBound));
        return bound < threshold ? 0 : Similarity(left, right);
    }

    public static double Jaro(string left, string right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (left.Length == 0 && right.Length == 0)
        {
            return 1;
        }

        if (left.Length == 0 || right.Length == 0)
        {
            return 0;
        }

        if (string.Equals(left, right, StringComparison.Ordinal))
        {
            return 1;
        }

        if (left.Length > right.Length)
        {
            (left, right) = (right, left);
        }

        var window = Math.Max(0, (right.Length / 2) - 1);
        // Names are short: flags on the stack avoid an allocation per comparison on the hot path.
        Span<bool> leftMatched = left.Length <= 64 ? stackalloc bool[left.Length] : new bool[left.Length];
        Span<bool> rightMatched = right.Length <= 64 ? stackalloc bool[right.Length] : new bool[right.Length];
        var matches = 0;
        for (var i = 0; i < left.Length; i++)
        {
            var from = Math.Max(0, i - window);
            var to = Math.Min(right.Length - 1, i + window);
            for (var j = from; j <= to; j++)
            {
                if (!rightMatched[j] && left[i] == right[j])
                {
                    leftMatched[i] = true;
                    rightMatched[j] = true;
                    matches++;
                    break;
                }
            }
        }

        if (matches == 0)
        {
            return 0;
        }

        var transpositions = 0;
        var k = 0;
        for (var i = 0; i < left.Length; i++)
        {
            if (!leftMatched[i])
            {
                continue;
            }

            while (!rightMatched[k])
            {
                k++;
            }

            if (left[i] != right[k])
            {
                transpositions++;
            }

            k++;
        }

        double m = matches;
        return ((m / left.Length) + (m / right.Length) + ((m - (transpositions / 2.0)) / m)) / 3.0;
    }
}
