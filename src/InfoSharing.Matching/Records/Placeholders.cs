using System.Collections.Frozen;

namespace InfoSharing.Matching;

/// <summary>
/// Values that stand for "not known" rather than for a person. A placeholder value is treated as missing; a record
/// whose name is a placeholder ("Baby Smith", "Father unknown") is never matched probabilistically, because two
/// such records (twins, two unnamed fathers) are different people as often as not.
/// </summary>
public static class Placeholders
{
    private static readonly FrozenSet<string> Names = new[]
    {
        "baby", "babe", "infant", "newborn", "neonate", "unborn", "fetus", "foetus", "twin", "triplet",
        "boy", "girl", "male", "female", "daughter",
        "unknown", "unk", "unkn", "nk", "not known", "notknown", "not stated", "not given", "not recorded",
        "no name", "noname", "none", "nil", "na", "n a", "null", "tba", "tbc", "tbd", "refused", "withheld",
        "anonymous", "anon", "unnamed", "unidentified", "patient", "person", "client", "test", "testing", "dummy",
        "x", "xx", "xxx", "xxxx", "z", "zz", "zzz", "zzzz", "a", "aa", "aaa",
        "father", "mother", "partner", "dad", "mum", "mom",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly string[] NamePrefixes = ["baby ", "twin ", "triplet ", "unknown ", "not known ", "infant "];

    private static readonly string[] NameParts = ["unknown", "not known", "notknown", "unnamed", "no name"];

    // Dates that systems put in when the real one is not known; none is a credible date of birth in this service.
    private static readonly FrozenSet<string> Dates = new[]
    {
        "19000101", "19010101", "18991231", "18000101", "17530101", "00010101", "99991231", "19111111",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>True for a normalised name that is not a name ("baby", "unknown", "twin 1", "father unknown").</summary>
    public static bool IsPlaceholderName(string? normalised)
    {
        if (normalised is null)
        {
            return false;
        }

        if (Names.Contains(normalised))
        {
            return true;
        }

        foreach (var prefix in NamePrefixes)
        {
            if (normalised.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        foreach (var part in NameParts)
        {
            if (normalised.Contains(part, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for a date of birth (eight digits, yyyyMMdd) that a system used for "not known".</summary>
    public static bool IsPlaceholderDate(string? digits) =>
        digits is not null && (Dates.Contains(digits) || digits.All(c => c == digits[0]));
}
