using System.Globalization;
using System.Text.Json;
using InfoSharing.Contracts;
using InfoSharing.Domain.Ingest;

namespace InfoSharing.AgencyMessages;

/// <summary>Reads fields of a message that has already passed its schema, so shapes and types are known.</summary>
internal static class MessageJson
{
    public static string Required(JsonElement element, string name) => element.GetProperty(name).GetString()!;

    public static string? Optional(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static bool Flag(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    public static IEnumerable<JsonElement> Items(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : [];

    /// <summary>A calendar date; the schema's pattern and format have checked it, this is the last word.</summary>
    public static DateOnly? Date(JsonElement element, string name, string pointer)
    {
        var text = Optional(element, name);
        if (text is null)
        {
            return null;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw Violation($"{pointer}/{name}", "not a valid date YYYY-MM-DD (format)");
    }

    public static MessageRejectedException Violation(string pointer, string rule) =>
        new(RejectionCodes.SchemaViolation, $"The message breaks its contract: {pointer}: {rule}.");
}
