namespace InfoSharing.Matching.Similarity;

/// <summary>
/// Optimal string alignment distance (Damerau-Levenshtein where a transposed pair counts as one edit and is not
/// edited again): the usual measure for keying errors in identifiers, dates and postcodes.
/// </summary>
public static class DamerauLevenshtein
{
    /// <summary>The distance, or <paramref name="max"/> + 1 as soon as it is known to exceed <paramref name="max"/>.</summary>
    public static int Distance(string left, string right, int max = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var over = max == int.MaxValue ? max : max + 1;
        if (Math.Abs(left.Length - right.Length) > max)
        {
            return over;
        }

        var n = left.Length;
        var m = right.Length;
        if (n == 0 || m == 0)
        {
            return Math.Min(Math.Max(n, m), over);
        }

        // Matching asks "within one or two edits?" of short codes (dates, postcodes, identifiers) far more often
        // than it asks for a distance; most such questions are settled without the table.
        if (max <= 2 && QuickAnswer(left, right, max, out var quick))
        {
            return quick;
        }

        var width = m + 1;
        Span<int> rows = (3 * width) <= 256 ? stackalloc int[3 * width] : new int[3 * width];
        var previous2 = rows[..width];
        var previous = rows.Slice(width, width);
        var current = rows.Slice(2 * width, width);
        for (var j = 0; j <= m; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= n; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= m; j++)
            {
                var cost = left[i - 1] == right[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && left[i - 1] == right[j - 2] && left[i - 2] == right[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }

                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }

            if (rowMin > max)
            {
                return over;
            }

            var spare = previous2;
            previous2 = previous;
            previous = current;
            current = spare;
        }

        return Math.Min(previous[m], over);
    }

    /// <summary>Settles distances up to 2 without the table where it can; false when the table is needed.</summary>
    private static bool QuickAnswer(string left, string right, int max, out int distance)
    {
        var over = max + 1;
        if (left.Length == right.Length)
        {
            var mismatches = 0;
            var first = -1;
            var second = -1;
            for (var i = 0; i < left.Length; i++)
            {
                if (left[i] != right[i])
                {
                    mismatches++;
                    if (first < 0)
                    {
                        first = i;
                    }
                    else if (second < 0)
                    {
                        second = i;
                    }
                }
            }

            // Equal lengths: 0 and 1 are exact; two mismatches are one transposition or two substitutions.
            if (mismatches <= 1)
            {
                distance = Math.Min(mismatches, over);
                return true;
            }

            if (mismatches == 2)
            {
                var swapped = second == first + 1 && left[first] == right[second] && left[second] == right[first];
                distance = Math.Min(swapped ? 1 : 2, over);
                return true;
            }

            if (max == 1)
            {
                // One edit between equal lengths is a substitution or a transposition: at most two mismatches.
                distance = over;
                return true;
            }
        }
        else if (max == 1)
        {
            // Lengths differ by one (more was handled by the caller): one edit only if one deletion aligns them.
            var (longer, shorter) = left.Length > right.Length ? (left, right) : (right, left);
            var i = 0;
            while (i < shorter.Length && longer[i] == shorter[i])
            {
                i++;
            }

            distance = longer.AsSpan(i + 1).SequenceEqual(shorter.AsSpan(i)) ? 1 : over;
            return true;
        }

        // Each edit fixes at most one character that the other string lacks: a lower bound from character counts.
        Span<byte> counts = stackalloc byte[128];
        counts.Clear();
        foreach (var c in left)
        {
            counts[c & 127]++;
        }

        var common = 0;
        foreach (var c in right)
        {
            ref var k = ref counts[c & 127];
            if (k > 0)
            {
                k--;
                common++;
            }
        }

        if (Math.Max(left.Length, right.Length) - common > max)
        {
            distance = over;
            return true;
        }

        distance = 0;
        return false;
    }
}
