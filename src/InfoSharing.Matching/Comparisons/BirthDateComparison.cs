using InfoSharing.Matching.Similarity;

namespace InfoSharing.Matching.Comparisons;

/// <summary>
/// Dates of birth: exact; day and month transposed (US order, or a keying slip); one digit wrong or two adjacent
/// digits swapped; the year one off with the same day and month; two digits wrong; two of year, month and day
/// agreeing; else. Placeholder dates (1900-01-01 and the like) are missing, never agreement.
/// </summary>
public sealed class BirthDateComparison() : Comparison("birth_date", "exact", "day-month-swapped", "one-edit", "year-one-off", "two-edits", "partial", "else")
{
    public override int Compare(PreparedPerson left, PreparedPerson right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (left.BirthDate is not { } l || right.BirthDate is not { } r)
        {
            return Null;
        }

        if (string.Equals(l.Digits, r.Digits, StringComparison.Ordinal))
        {
            return 1;
        }

        if (l.Year == r.Year && l.Month == r.Day && l.Day == r.Month)
        {
            return 2;
        }

        var distance = DamerauLevenshtein.Distance(l.Digits, r.Digits, 2);
        if (distance <= 1)
        {
            return 3;
        }

        if (Math.Abs(l.Year - r.Year) == 1 && l.Month == r.Month && l.Day == r.Day)
        {
            return 4;
        }

        if (distance <= 2)
        {
            return 5;
        }

        var agreeing = (l.Year == r.Year ? 1 : 0) + (l.Month == r.Month ? 1 : 0) + (l.Day == r.Day ? 1 : 0);
        return agreeing >= 2 ? 6 : 7;
    }
}
