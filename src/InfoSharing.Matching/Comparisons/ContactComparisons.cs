using InfoSharing.Matching.Similarity;

namespace InfoSharing.Matching.Comparisons;

/// <summary>A value that either agrees or not: sex, state or county.</summary>
public sealed class ExactComparison(string name, Func<PreparedPerson, string?> value) : Comparison(name, "exact", "else")
{
    public override int Compare(PreparedPerson left, PreparedPerson right)
    {
        if (value(left) is not { } l || value(right) is not { } r)
        {
            return Null;
        }

        return string.Equals(l, r, StringComparison.Ordinal) ? 1 : 2;
    }
}

/// <summary>Phone numbers (digits only, +44 as 0): exact, the same last seven digits or one digit wrong, else.</summary>
public sealed class PhoneComparison() : Comparison("phone", "exact", "close", "else")
{
    public override int Compare(PreparedPerson left, PreparedPerson right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (left.Phone is not { } l || right.Phone is not { } r)
        {
            return Null;
        }

        if (string.Equals(l, r, StringComparison.Ordinal))
        {
            return 1;
        }

        var sameEnding = l.Length >= 7 && r.Length >= 7 && l.AsSpan(l.Length - 7).SequenceEqual(r.AsSpan(r.Length - 7));
        return sameEnding || DamerauLevenshtein.Distance(l, r, 1) <= 1 ? 2 : 3;
    }
}

/// <summary>E-mail addresses: exact, the same part before '@' or one character wrong, else.</summary>
public sealed class EmailComparison() : Comparison("email", "exact", "close", "else")
{
    public override int Compare(PreparedPerson left, PreparedPerson right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (left.Email is not { } l || right.Email is not { } r)
        {
            return Null;
        }

        if (string.Equals(l, r, StringComparison.Ordinal))
        {
            return 1;
        }

        var sameLocal = l.AsSpan(0, l.IndexOf('@', StringComparison.Ordinal)).SequenceEqual(r.AsSpan(0, r.IndexOf('@', StringComparison.Ordinal)));
        return sameLocal || DamerauLevenshtein.Distance(l, r, 1) <= 1 ? 2 : 3;
    }
}

/// <summary>
/// Trusted NHS numbers: equal, else. Only valid numbers reach here (see <see cref="PreparedPerson.NhsNumber"/>);
/// equal ones are also a deterministic match and different ones a conflict (see <see cref="Model.PairScorer"/>).
/// </summary>
public sealed class NhsNumberComparison() : Comparison("nhs_number", "exact", "else")
{
    public override int Compare(PreparedPerson left, PreparedPerson right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (left.NhsNumber is not { } l || right.NhsNumber is not { } r)
        {
            return Null;
        }

        return string.Equals(l, r, StringComparison.Ordinal) ? 1 : 2;
    }
}

/// <summary>Another identifier that is usually but not always right: exact, one edit, two edits, else.</summary>
public sealed class OtherIdComparison() : Comparison("other_id", "exact", "one-edit", "two-edits", "else")
{
    public override int Compare(PreparedPerson left, PreparedPerson right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (left.OtherId is not { } l || right.OtherId is not { } r)
        {
            return Null;
        }

        if (string.Equals(l, r, StringComparison.Ordinal))
        {
            return 1;
        }

        return DamerauLevenshtein.Distance(l, r, 2) switch
        {
            1 => 2,
            2 => 3,
            _ => 4,
        };
    }
}
