using InfoSharing.Matching.Similarity;

namespace InfoSharing.Matching.Comparisons;

/// <summary>
/// The address as one comparison: postcode, house number, street, second line and town are scored together
/// (1 for agreement, ½ for a near one such as the same postcode sector or a shared street word) and the level is
/// the share that agrees. One comparison rather than five, because parts of one address agree or differ together:
/// counted separately, a shared address would count five times and make housemates look like one person.
/// </summary>
public sealed class AddressComparison() : Comparison("address", "same-full", "same", "most", "half", "some", "else")
{
    public override int Compare(PreparedPerson left, PreparedPerson right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var compared = 0;
        var score = 0.0;
        if (left.Postcode is { } lp && right.Postcode is { } rp)
        {
            compared++;
            score += string.Equals(lp.Full, rp.Full, StringComparison.Ordinal) ? 1
                : string.Equals(lp.Sector, rp.Sector, StringComparison.Ordinal) || DamerauLevenshtein.Distance(lp.Full, rp.Full, 1) <= 1 ? 0.5
                : 0;
        }

        if (left.HouseNumber is { } ln && right.HouseNumber is { } rn)
        {
            compared++;
            score += string.Equals(ln, rn, StringComparison.Ordinal) ? 1 : DamerauLevenshtein.Distance(ln, rn, 1) <= 1 ? 0.5 : 0;
        }

        if (left.Street is { } ls && right.Street is { } rs)
        {
            compared++;
            score += string.Equals(ls, rs, StringComparison.Ordinal) || JaroWinkler.SimilarityIfAtLeast(ls, rs, 0.90) >= 0.90 ? 1
                : FamilyNameComparison.SharesToken(left.StreetWords, right.StreetWords) || Similar(ls, right.Locality) || Similar(left.Locality, rs) ? 0.5
                : 0;
        }

        if (left.Locality is { } ll && right.Locality is { } rl)
        {
            compared++;
            score += Similar(ll, rl) ? 1 : 0;
        }

        if (left.Town is { } lt && right.Town is { } rt)
        {
            compared++;
            score += Similar(lt, rt) ? 1 : 0;
        }

        if (compared == 0)
        {
            return Null;
        }

        // "same-full": four or more parts, all agreeing; "same": two or three.
        var share = score / compared;
        return share >= 1 && compared >= 4 ? 1
            : share >= 1 && compared >= 2 ? 2
            : share >= 0.75 ? 3
            : share >= 0.5 ? 4
            : share > 0 ? 5
            : 6;
    }

    private static bool Similar(string? a, string? b) =>
        a is not null && b is not null &&
        (string.Equals(a, b, StringComparison.Ordinal) || JaroWinkler.SimilarityIfAtLeast(a, b, 0.90) >= 0.90);
}
