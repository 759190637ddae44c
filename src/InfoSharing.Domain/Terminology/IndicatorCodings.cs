using System.Text.Json;
using InfoSharing.Domain.Relationships;

namespace InfoSharing.Domain.Terminology;

/// <summary>The codings of a stored indicator statement, as the JSON column holds them: <c>[{"system":"..","code":".."}]</c>.</summary>
public static class IndicatorCodings
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string? Serialize(IReadOnlyList<RelationshipCode>? codings) =>
        codings is null ? null : JsonSerializer.Serialize(codings.Select(c => new Stored(c.System, c.Code)), Json);

    public static IReadOnlyList<RelationshipCode>? Deserialize(string? json) =>
        json is null ? null : (JsonSerializer.Deserialize<List<Stored>>(json, Json) ?? []).Select(c => new RelationshipCode(c.System, c.Code)).ToList();

    private sealed record Stored(string System, string Code);
}
