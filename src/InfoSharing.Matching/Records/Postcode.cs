using System.Text;

namespace InfoSharing.Matching;

/// <summary>
/// A postcode split into the parts that agree when people live near each other. A UK postcode "SW1A 1AA" has
/// outward code (district) "SW1A", sector "SW1A 1" and area "SW". Any other postcode (FEBRL's four digits) is
/// treated as a prefix code: the sector drops the last character and the district the last two.
/// </summary>
public sealed record Postcode(string Full, string Sector, string District, bool IsUk)
{
    public static Postcode? Parse(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var builder = new StringBuilder(raw.Length);
        foreach (var c in raw)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToUpperInvariant(c));
            }
        }

        var full = builder.ToString();
        if (full.Length == 0)
        {
            return null;
        }

        if (IsUkShape(full))
        {
            var outward = full[..^3];
            return new Postcode(full, outward + " " + full[^3], outward, IsUk: true);
        }

        return full.Length switch
        {
            1 => new Postcode(full, full, full, IsUk: false),
            2 => new Postcode(full, full[..1], full[..1], IsUk: false),
            _ => new Postcode(full, full[..^1], full[..^2], IsUk: false),
        };
    }

    /// <summary>Outward code of 2 to 4 characters (letter first, a digit second or third) and inward code digit-letter-letter.</summary>
    private static bool IsUkShape(string s)
    {
        if (s.Length is < 5 or > 7 || !char.IsAsciiLetter(s[0]))
        {
            return false;
        }

        var inward = s.AsSpan(s.Length - 3);
        if (!char.IsAsciiDigit(inward[0]) || !char.IsAsciiLetter(inward[1]) || !char.IsAsciiLetter(inward[2]))
        {
            return false;
        }

        var outward = s.AsSpan(0, s.Length - 3);
        return char.IsAsciiDigit(outward[1]) || (outward.Length > 2 && char.IsAsciiLetter(outward[1]) && char.IsAsciiDigit(outward[2]));
    }
}
