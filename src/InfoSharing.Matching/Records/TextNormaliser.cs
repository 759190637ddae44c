using System.Text;

namespace InfoSharing.Matching;

/// <summary>Turns what agencies type into comparable values. Every method returns null for "nothing there".</summary>
public static class TextNormaliser
{
    /// <summary>Lower case ASCII letters, accents folded, apostrophes dropped, hyphens and runs of spaces made one space.</summary>
    public static string? Name(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var builder = new StringBuilder(raw.Length);
        var pendingSpace = false;
        foreach (var c in raw)
        {
            var folded = Fold(c);
            if (folded is >= 'a' and <= 'z')
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                pendingSpace = false;
                builder.Append(folded);
            }
            else if (folded is ' ' or '-' or '.' or ',' or '_' or '/' or '\t')
            {
                pendingSpace = true;
            }
        }

        return builder.Length == 0 ? null : builder.ToString();
    }

    /// <summary>Lower case letters and digits, other characters made single spaces: address lines and towns.</summary>
    public static string? Text(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var builder = new StringBuilder(raw.Length);
        var pendingSpace = false;
        foreach (var c in raw)
        {
            var folded = Fold(c);
            if (folded is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                pendingSpace = false;
                builder.Append(folded);
            }
            else if (folded != '\'')
            {
                pendingSpace = true;
            }
        }

        return builder.Length == 0 ? null : builder.ToString();
    }

    /// <summary>Digits only (phone numbers, identifiers); a UK +44 prefix becomes the national 0.</summary>
    public static string? Digits(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var builder = new StringBuilder(raw.Length);
        foreach (var c in raw)
        {
            if (char.IsAsciiDigit(c))
            {
                builder.Append(c);
            }
        }

        if (builder.Length == 0)
        {
            return null;
        }

        var digits = builder.ToString();
        var international = raw.TrimStart().StartsWith('+') || digits.StartsWith("0044", StringComparison.Ordinal);
        if (international && digits.StartsWith("44", StringComparison.Ordinal))
        {
            digits = "0" + digits[2..];
        }
        else if (digits.StartsWith("0044", StringComparison.Ordinal))
        {
            digits = "0" + digits[4..];
        }

        return digits;
    }

    /// <summary>Lower case, trimmed; null unless it has one '@' with text either side.</summary>
    public static string? Email(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var email = raw.Trim().ToLowerInvariant();
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == email.LastIndexOf('@') && at < email.Length - 1 ? email : null;
    }

    /// <summary>Words of at least two characters, or any digits, in a normalised text.</summary>
    public static string[] Tokens(string? normalised) =>
        normalised is null
            ? []
            : normalised.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Where(t => t.Length > 1 || char.IsAsciiDigit(t[0]))
                .Distinct(StringComparer.Ordinal)
                .ToArray();

    private static char Fold(char c) => c switch
    {
        >= 'A' and <= 'Z' => (char)(c + 32),
        'à' or 'á' or 'â' or 'ã' or 'ä' or 'å' or 'À' or 'Á' or 'Â' or 'Ã' or 'Ä' or 'Å' => 'a',
        'ç' or 'Ç' => 'c',
        'è' or 'é' or 'ê' or 'ë' or 'È' or 'É' or 'Ê' or 'Ë' => 'e',
        'ì' or 'í' or 'î' or 'ï' or 'Ì' or 'Í' or 'Î' or 'Ï' => 'i',
        'ñ' or 'Ñ' => 'n',
        'ò' or 'ó' or 'ô' or 'õ' or 'ö' or 'ø' or 'Ò' or 'Ó' or 'Ô' or 'Õ' or 'Ö' or 'Ø' => 'o',
        'ù' or 'ú' or 'û' or 'ü' or 'Ù' or 'Ú' or 'Û' or 'Ü' => 'u',
        'ý' or 'ÿ' or 'Ý' => 'y',
        'ŵ' or 'Ŵ' => 'w',
        'ŷ' or 'Ŷ' => 'y',
        '’' or '‘' or '`' => '\'',
        _ => c,
    };
}
