namespace InfoSharing.Domain.Terminology;

/// <summary>
/// The shape of a SNOMED CT identifier (SCTID): 6 to 18 digits, no leading zero, the last a Verhoeff check digit.
/// Checked on built and imported value sets, and before a code is counted as unmapped, so that a mistyped code (or a
/// number that is not a code at all) is never stored as if it were one.
/// </summary>
public static class SnomedIdentifier
{
    private static readonly int[,] Multiply =
    {
        { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { 1, 2, 3, 4, 0, 6, 7, 8, 9, 5 }, { 2, 3, 4, 0, 1, 7, 8, 9, 5, 6 },
        { 3, 4, 0, 1, 2, 8, 9, 5, 6, 7 }, { 4, 0, 1, 2, 3, 9, 5, 6, 7, 8 }, { 5, 9, 8, 7, 6, 0, 4, 3, 2, 1 },
        { 6, 5, 9, 8, 7, 1, 0, 4, 3, 2 }, { 7, 6, 5, 9, 8, 2, 1, 0, 4, 3 }, { 8, 7, 6, 5, 9, 3, 2, 1, 0, 4 },
        { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 },
    };

    private static readonly int[,] Permute =
    {
        { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { 1, 5, 7, 6, 2, 8, 3, 0, 9, 4 }, { 5, 8, 0, 3, 7, 9, 6, 1, 4, 2 },
        { 8, 9, 1, 6, 0, 4, 3, 5, 2, 7 }, { 9, 4, 5, 3, 1, 2, 6, 8, 7, 0 }, { 4, 2, 8, 6, 5, 7, 3, 9, 0, 1 },
        { 2, 7, 9, 3, 8, 0, 6, 4, 1, 5 }, { 7, 0, 4, 6, 9, 1, 3, 2, 5, 8 },
    };

    public static bool IsValid(string? code)
    {
        if (code is null || code.Length is < 6 or > 18 || code[0] == '0' || !code.All(char.IsAsciiDigit))
        {
            return false;
        }

        var check = 0;
        for (var i = 0; i < code.Length; i++)
        {
            var digit = code[code.Length - 1 - i] - '0';
            check = Multiply[check, Permute[i % 8, digit]];
        }

        return check == 0;
    }
}
