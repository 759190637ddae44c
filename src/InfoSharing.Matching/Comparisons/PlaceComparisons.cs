using InfoSharing.Matching.Similarity;

namespace InfoSharing.Matching.Comparisons;

/// <summary>
/// Postcodes: exact; same sector (UK "SW1A 1"; other codes: all but the last character); one character wrong;
/// same district (UK outward code "SW1A"; other codes: all but the last two); else.
/// </summary>
public sealed class PostcodeComparison() : Comparison("postcode", "exact", "sector", "one-edit", "district", "else")
{
    public override int TermFrequencyLevel => 1;

    public override string? Term(PreparedPerson person) => person?.Postcode?.Full;

    public override int Compare(PreparedPerson left, PreparedPerson right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (left.Postcode is not { } l || right.Postcode is not { } r)
        {
            return Null;
        }

        if (string.Equals(l.Full, r.Full, StringComparison.Ordinal))
        {
            return 1;
        }

        if (string.Equals(l.Sector, r.Sector, StringComparison.Ordinal))
        {
            return 2;
        }

        if (DamerauLevenshtein.Distance(l.Full, r.Full, 1) <= 1)
        {
            return 3;
        }

        return string.Equals(l.District, r.District, StringComparison.Ordinal) ? 4 : 5;
    }
}

/// <summary>House (street) number: exact, one character wrong, else.</summary>
public sealed class HouseNumberComparison() : Comparison("house_number", "exact", "one-edit", "else")
{
    public override int Compare(PreparedPerson left, PreparedPerson right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (left.HouseNumber is not { } l || right.HouseNumber is not { } r)
        {
            return Null;
        }

        if (string.Equals(l, r, StringComparison.Ordinal))
        {
            return 1;
        }

        return DamerauLevenshtein.Distance(l, r, 1) <= 1 ? 2 : 3;
    }
}

/// <summary>
/// Street (first address line): exact, Jaro-Winkler at least 0.90, a word in common (words swapped, a type
/// such as "street" dropped), the street given as the other record's second line, else.
/// </summary>
public sealed class StreetComparison() : Comparison("street", "exact", "jw-0.90", "shared-word", "swapped-lines", "else")
{
    public override int TermFrequencyLevel => 1;

    public override string? Term(PreparedPerson person) => person?.Street;

    public override int Compare(PreparedPerson left, PreparedPerson right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (left.Street is not { } l || right.Street is not { } r)
        {
            return Null;
        }

        if (string.Equals(l, r, StringComparison.Ordinal))
        {
            return 1;
        }

        if (JaroWinkler.SimilarityIfAtLeast(l, r, 0.90) >= 0.90)
        {
            return 2;
        }

        if (SharesWord(left.StreetWords, right.StreetWords))
        {
            return 3;
        }

        if (Same(l, right.Locality) || Same(left.Locality, r))
        {
            return 4;
        }

        return 5;
    }

    private static bool Same(string? a, string? b) =>
        a is not null && b is not null && JaroWinkler.SimilarityIfAtLeast(a, b, 0.90) >= 0.90;

    private static bool SharesWord(string[] left, string[] right)
    {
        foreach (var a in left)
        {
            foreach (var b in right)
            {
                if (string.Equals(a, b, StringComparison.Ordinal) || (a.Length > 3 && JaroWinkler.SimilarityIfAtLeast(a, b, 0.92) >= 0.92))
                {
                    return true;
                }
            }
        }

        return false;
    }
}

/// <summary>A free-text place field (second address line, town or suburb): exact, Jaro-Winkler at least 0.90, else.</summary>
public sealed class PlaceTextComparison : Comparison
{
    private readonly Func<PreparedPerson, string?> _value;
    private readonly bool _termFrequencies;

    public PlaceTextComparison(string name, Func<PreparedPerson, string?> value, bool termFrequencies)
        : base(name, "exact", "jw-0.90", "else")
    {
        _value = value;
        _termFrequencies = termFrequencies;
    }

    public override int TermFrequencyLevel => _termFrequencies ? 1 : -1;

    public override string? Term(PreparedPerson person) => _termFrequencies ? _value(person) : null;

    public override int Compare(PreparedPerson left, PreparedPerson right)
    {
        if (_value(left) is not { } l || _value(right) is not { } r)
        {
            return Null;
        }

        if (string.Equals(l, r, StringComparison.Ordinal))
        {
            return 1;
        }

        return JaroWinkler.SimilarityIfAtLeast(l, r, 0.90) >= 0.90 ? 2 : 3;
    }
}
