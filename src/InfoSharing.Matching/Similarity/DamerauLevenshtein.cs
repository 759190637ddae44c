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
            return Math.Max(n, m);
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
}
