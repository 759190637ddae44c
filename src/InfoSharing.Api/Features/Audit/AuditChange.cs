using System.Text.Json;
using InfoSharing.Data.Audit;

namespace InfoSharing.Api.Features.Audit;

/// <summary>One audit entry as the API shows it: its place in the chain, who did what, and its content (ids only).</summary>
public sealed record AuditChange(
    long Seq,
    Guid EntryId,
    DateTimeOffset RecordedAt,
    string Kind,
    string Actor,
    string? ActorRole,
    string? Purpose,
    IReadOnlyList<Guid> SubjectIds,
    JsonElement Content,
    string Hash)
{
    public static AuditChange From(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var content = JsonDocument.Parse(entry.Content);
        return new AuditChange(
            entry.Seq,
            entry.Id,
            entry.RecordedAt,
            entry.Kind,
            entry.Actor,
            entry.ActorRole,
            entry.Purpose,
            entry.SubjectIds,
            content.RootElement.Clone(),
            Convert.ToHexStringLower(entry.Hash));
    }
}
