using InfoSharing.Matching.Names;
using InfoSharing.Matching.Similarity;

namespace InfoSharing.Matching.Comparisons;

/// <summary>
/// Given names: exact, nickname or alternative spelling (from <see cref="NameAliases"/>), a typo (Jaro-Winkler
/// at least 0.92), the same Double Metaphone code, a looser spelling (0.80) or the same first name among several,
/// given and family names swapped, an initial for a name.
/// </summary>
public sealed class GivenNameComparison() : Comparison("given_name", "exact", "alias", "jw-0.92", "metaphone", "swapped", "jw-0.80", "initial", "else")
{
    public override int TermFrequencyLevel => 1;

    public override string? Term(PreparedPerson person) => person.GivenName;

    public override int Compare(PreparedPerson left, PreparedPerson right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var l = left.GivenName;
        var r = right.GivenName;
        if (l is null || r is null)
        {
            return Null;
        }

        if (string.Equals(l, r, StringComparison.Ordinal))
        {
            return 1;
        }

        if (NameAliases.Intersect(left.GivenAliasGroups, right.GivenAliasGroups))
        {
            return 2;
        }

        var jw = JaroWinkler.SimilarityIfAtLeast(l, r, 0.80);
        if (jw >= 0.92)
        {
            return 3;
        }

        if (left.GivenMetaphone.SharesCodeWith(right.GivenMetaphone))
        {
            return 4;
        }

        if (NamesSwapped(left, right))
        {
            return 5;
        }

        if (jw >= 0.80 || string.Equals(left.GivenFirstToken, right.GivenFirstToken, StringComparison.Ordinal))
        {
            return 6;
        }

        if ((l.Length == 1 || r.Length == 1) && l[0] == r[0])
        {
            return 7;
        }

        return 8;
    }

    /// <summary>True when each record's given name is (nearly) the other's family name.</summary>
    internal static bool NamesSwapped(PreparedPerson left, PreparedPerson right) =>
        Similar(left.GivenName, right.FamilyName) && Similar(left.FamilyName, right.GivenName);

    private static bool Similar(string? a, string? b) =>
        a is not null && b is not null &&
        (string.Equals(a, b, StringComparison.Ordinal) || JaroWinkler.SimilarityIfAtLeast(a, b, 0.92) >= 0.92);
}

/// <summary>
/// Family names: exact, a typo (Jaro-Winkler at least 0.92), the same Double Metaphone code, one name of a
/// double-barrelled name, a looser spelling (0.80), else. When given and family names are swapped the pair is
/// null here: the swap is one piece of evidence, weighed once by <see cref="GivenNameComparison"/>.
/// </summary>
public sealed class FamilyNameComparison() : Comparison("family_name", "exact", "jw-0.92", "metaphone", "shared-part", "jw-0.80", "else")
{
    public override int TermFrequencyLevel => 1;

    public override string? Term(PreparedPerson person) => person.FamilyName;

    public override int Compare(PreparedPerson left, PreparedPerson right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var l = left.FamilyName;
        var r = right.FamilyName;
        if (l is null || r is null)
        {
            return Null;
        }

        if (string.Equals(l, r, StringComparison.Ordinal))
        {
            return 1;
        }

        var jw = JaroWinkler.SimilarityIfAtLeast(l, r, 0.80);
        if (jw >= 0.92)
        {
            return 2;
        }

        if (left.FamilyMetaphone.SharesCodeWith(right.FamilyMetaphone))
        {
            return 3;
        }

        if ((left.FamilyTokens.Length > 1 || right.FamilyTokens.Length > 1) && SharesToken(left.FamilyTokens, right.FamilyTokens))
        {
            return 4;
        }

        if (jw >= 0.80)
        {
            return 5;
        }

        return GivenNameComparison.NamesSwapped(left, right) ? Null : 6;
    }

    internal static bool SharesToken(string[] left, string[] right)
    {
        foreach (var a in left)
        {
            foreach (var b in right)
            {
                if (string.Equals(a, b, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
