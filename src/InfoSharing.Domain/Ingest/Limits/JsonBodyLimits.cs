using System.Text.Json;

namespace InfoSharing.Domain.Ingest.Limits;

/// <summary>
/// One forward pass over a JSON body with <see cref="Utf8JsonReader"/> (no objects built, no recursion) that refuses
/// what would make a parser or the work after it dangerous: nesting deeper than <see cref="MessageLimits.MaxDepth"/>,
/// more values than <see cref="MessageLimits.MaxElements"/>, an array longer than <see cref="MessageLimits.MaxEntries"/>,
/// and strings that are not text (the NUL character, unpaired surrogate escapes). A syntax error is left to surface
/// as the reader's <see cref="JsonException"/>, which each caller reports in its own words.
/// </summary>
public static class JsonBodyLimits
{
    public static JsonReaderOptions ReaderOptions(MessageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);

        // One above the limit: the reader then hands over the opening token that breaks it, and the rejection is ours.
        return new JsonReaderOptions { MaxDepth = limits.MaxDepth + 1, CommentHandling = JsonCommentHandling.Disallow };
    }

    /// <exception cref="MessageRejectedException">A limit is broken, or the body is not UTF-8.</exception>
    /// <exception cref="JsonException">The body is not well-formed JSON.</exception>
    public static void Check(ReadOnlySpan<byte> body, MessageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Utf8Body.Require(body);
        var reader = new Utf8JsonReader(body, ReaderOptions(limits));
        var isArray = new bool[limits.MaxDepth + 1];
        var items = new int[limits.MaxDepth + 1];
        var names = new string?[limits.MaxDepth + 1];
        string? property = null;
        var values = 0;
        while (reader.Read())
        {
            var token = reader.TokenType;
            if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                continue;
            }

            if (token == JsonTokenType.PropertyName)
            {
                RequireText(ref reader);
                property = reader.CurrentDepth <= 4 ? reader.GetString() : null;
                continue;
            }

            if (++values > limits.MaxElements)
            {
                throw Refuse.Elements(limits.MaxElements, "JSON values");
            }

            var enclosing = reader.CurrentDepth - 1;
            if (enclosing >= 0 && isArray[enclosing] && ++items[enclosing] > limits.MaxEntries)
            {
                throw Refuse.Entries(limits.MaxEntries, names[enclosing] is { } name ? $"The array '{Printable(name)}'" : "An array");
            }

            if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                var opened = reader.CurrentDepth;
                if (opened + 1 > limits.MaxDepth)
                {
                    throw Refuse.Depth(limits.MaxDepth);
                }

                isArray[opened] = token == JsonTokenType.StartArray;
                items[opened] = 0;
                names[opened] = isArray[opened] ? property : null;
            }
            else if (token == JsonTokenType.String)
            {
                RequireText(ref reader);
            }

            property = null;
        }
    }

    // Escapes can spell what raw UTF-8 cannot: \u0000 (PostgreSQL text refuses it) and lone surrogates (no string holds them).
    private static void RequireText(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return;
        }

        string value;
        try
        {
            value = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new MessageRejectedException(
                Contracts.RejectionCodes.InvalidEncoding,
                $"A JSON string holds an escape that is not text (an unpaired surrogate, \\uD800 to \\uDFFF), at byte {reader.TokenStartIndex}.");
        }

        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new MessageRejectedException(
                Contracts.RejectionCodes.InvalidEncoding,
                $"A JSON string holds the NUL character (\\u0000), at byte {reader.TokenStartIndex}; it cannot be stored as text.");
        }
    }

    private static string Printable(string name) =>
        name.Length <= 40 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? name : "(unnamed)";
}
