using System.Globalization;
using System.Text;

namespace InfoSharing.Domain.Ingest.Limits;

/// <summary>
/// What a person's name or code may hold. Names feed the person index, so text built to deceive it is refused rather
/// than silently folded: a name that mixes scripts inside one word ("Smіth" with a Cyrillic і) could slip past a
/// match it should make or make one it should not; invisible and direction-override characters make two names look
/// the same on a reviewer's screen that are not. Whole names in one script other than Latin are accepted.
/// </summary>
public static class PersonText
{
    public enum Kind
    {
        /// <summary>Given and family names: letters of one script per word, with spaces, hyphens, apostrophes and full stops.</summary>
        Name,

        /// <summary>Postcodes, identifiers: printable characters only.</summary>
        Code,
    }

    /// <exception cref="MessageRejectedException">field-too-long or suspicious-characters; the reason names the field, never the value.</exception>
    public static void Check(string? value, string field, int maxLength, Kind kind)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length > maxLength)
        {
            throw new MessageRejectedException(
                Contracts.RejectionCodes.FieldTooLong,
                $"{Capitalised(field)} is {value.Length} characters long; the limit is {maxLength} (Messaging:MaxTextLength).");
        }

        if (Problem(value, kind) is { } problem)
        {
            throw new MessageRejectedException(Contracts.RejectionCodes.SuspiciousCharacters, $"{Capitalised(field)} {problem}.");
        }
    }

    /// <summary>Why the text is refused, or null when it is acceptable.</summary>
    public static string? Problem(string value, Kind kind)
    {
        ArgumentNullException.ThrowIfNull(value);
        var wordScript = Script.None;
        foreach (var rune in value.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            switch (category)
            {
                case UnicodeCategory.Control:
                    return $"holds a control character (U+{rune.Value:X4})";
                case UnicodeCategory.Format:
                    return $"holds an invisible formatting character (U+{rune.Value:X4}, e.g. a zero-width space or a direction override)";
                case UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate:
                    return $"holds a character that is not assigned text (U+{rune.Value:X4})";
                case UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator:
                    return "holds a line break";
            }

            if (IsCompatibilityForm(rune.Value))
            {
                return $"holds a look-alike compatibility character (U+{rune.Value:X4}: fullwidth, mathematical, enclosed or ligature letters)";
            }

            if (kind == Kind.Code)
            {
                continue;
            }

            if (category == UnicodeCategory.SpaceSeparator || rune.Value is '-' or '\'' or '\u2019' or '.' or ',')
            {
                wordScript = Script.None;
                continue;
            }

            // Marks belong to the letter before them; digits and punctuation belong to no script.
            if (category is not (UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter))
            {
                continue;
            }

            var script = ScriptOf(rune.Value);
            if (wordScript != Script.None && script != wordScript)
            {
                return "mixes letters of different scripts in one word (look-alike letters)";
            }

            wordScript = script;
        }

        return null;
    }

    private enum Script
    {
        None,
        Latin,
        Greek,
        Cyrillic,
        Armenian,
        Cherokee,
        Other,
    }

    // Block ranges rather than ICU's script data: the hosts run with invariant globalization. The scripts listed are
    // those whose letters are confusable with Latin ones (Unicode TR39); every other letter is "Other".
    private static Script ScriptOf(int c) => c switch
    {
        >= 'A' and <= 'Z' or >= 'a' and <= 'z' => Script.Latin,
        >= 0x00C0 and <= 0x024F and not 0x00D7 and not 0x00F7 => Script.Latin,
        >= 0x1E00 and <= 0x1EFF => Script.Latin,
        >= 0x0370 and <= 0x03FF or >= 0x1F00 and <= 0x1FFF => Script.Greek,
        >= 0x0400 and <= 0x052F or >= 0x1C80 and <= 0x1C8F or >= 0x2DE0 and <= 0x2DFF or >= 0xA640 and <= 0xA69F => Script.Cyrillic,
        >= 0x0530 and <= 0x058F => Script.Armenian,
        >= 0x13A0 and <= 0x13FF or >= 0xAB70 and <= 0xABBF => Script.Cherokee,
        _ => Script.Other,
    };

    // Characters whose compatibility decomposition (NFKC) is an ordinary letter or digit: never typed as a real name.
    private static bool IsCompatibilityForm(int c) => c is
        >= 0xFF00 and <= 0xFFEF // fullwidth and halfwidth forms
        or >= 0x1D400 and <= 0x1D7FF // mathematical alphanumeric symbols
        or >= 0x2460 and <= 0x24FF // enclosed alphanumerics
        or >= 0x1F100 and <= 0x1F1FF // enclosed alphanumeric supplement
        or >= 0x2100 and <= 0x214F // letterlike symbols (ℌ, K kelvin sign, Å angstrom sign)
        or >= 0x2070 and <= 0x209F // superscripts and subscripts
        or >= 0xFB00 and <= 0xFB06 // Latin ligatures (ﬁ, ﬂ)
        or >= 0x1D00 and <= 0x1DBF; // phonetic small capitals and modifier letters

    private static string Capitalised(string field) => string.Concat(field[..1].ToUpperInvariant(), field[1..]);
}
