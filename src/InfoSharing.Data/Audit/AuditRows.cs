using Npgsql;

namespace InfoSharing.Data.Audit;

/// <summary>Reads audit entries from raw queries (the sealer's and the verifier's), whose column lists start with these, in this order.</summary>
internal static class AuditRows
{
    public const string EntryColumns = "id, entry_no, recorded_at, kind, actor, actor_role, purpose, subject_ids, content";

    /// <summary>The entry whose <see cref="EntryColumns"/> start at column <paramref name="at"/>.</summary>
    public static AuditEntry ReadEntry(NpgsqlDataReader reader, int at) => new()
    {
        Id = reader.GetGuid(at),
        EntryNo = reader.GetInt64(at + 1),
        RecordedAt = reader.GetFieldValue<DateTimeOffset>(at + 2),
        Kind = reader.GetString(at + 3),
        Actor = reader.GetString(at + 4),
        ActorRole = reader.IsDBNull(at + 5) ? null : reader.GetString(at + 5),
        Purpose = reader.IsDBNull(at + 6) ? null : reader.GetString(at + 6),
        SubjectIds = [.. reader.GetFieldValue<Guid[]>(at + 7)],
        Content = reader.GetString(at + 8),
    };
}
