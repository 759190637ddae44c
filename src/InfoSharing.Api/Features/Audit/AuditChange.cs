using System.Text.Json;
using InfoSharing.Data.Audit;

namespace InfoSharing.Api.Features.Audit;

/// <summary>
/// One audit entry as the API shows it: who did what, its content (ids only), and its place in the chain with its
/// hash (null until the sealer has reached it, normally well under a second after the commit).
/// </summary>
public sealed record AuditChange(
    long? Seq,
    Guid EntryId,
    long EntryNo,
    DateTimeOffset RecordedAt,
    string Kind,
    string Actor,
    string? ActorRole,
    string? Purpose,
    IReadOnlyList<Guid> SubjectIds,
    JsonElement Content,
    string? Hash)
{
    public static AuditChange From(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var content = JsonDocument.Parse(entry.Content);
        return new AuditChange(
            entry.Seal?.Seq,
            entry.Id,
            entry.EntryNo,
            entry.RecordedAt,
            entry.Kind,
            entry.Actor,
            entry.ActorRole,
            entry.Purpose,
            entry.SubjectIds,
            content.RootElement.Clone(),
            entry.Seal is { } seal ? Convert.ToHexStringLower(seal.Hash) : null);
    }
}
