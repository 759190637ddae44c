namespace InfoSharing.Matching;

/// <summary>
/// A date of birth as eight digits yyyyMMdd with its parts, which may be out of range: a corrupted date still
/// agrees in part with the right one, so it is compared as written, not thrown away.
/// </summary>
public readonly record struct BirthDate(string Digits, int Year, int Month, int Day)
{
    /// <summary>Reads yyyy-MM-dd, yyyyMMdd or dd/MM/yyyy; null when it is none of them or is a placeholder.</summary>
    public static BirthDate? Parse(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var text = raw.Trim();
        string? digits = null;
        if (text.Length == 8 && text.All(char.IsAsciiDigit))
        {
            digits = text;
        }
        else if (text.Length >= 10 && text[4] == '-' && text[7] == '-')
        {
            digits = string.Concat(text.AsSpan(0, 4), text.AsSpan(5, 2), text.AsSpan(8, 2));
        }
        else if (text.Length == 10 && text[2] == '/' && text[5] == '/')
        {
            digits = string.Concat(text.AsSpan(6, 4), text.AsSpan(3, 2), text.AsSpan(0, 2));
        }

        if (digits is null || !digits.All(char.IsAsciiDigit) || Placeholders.IsPlaceholderDate(digits))
        {
            return null;
        }

        return new BirthDate(digits, int.Parse(digits.AsSpan(0, 4), provider: null), int.Parse(digits.AsSpan(4, 2), provider: null), int.Parse(digits.AsSpan(6, 2), provider: null));
    }
}
