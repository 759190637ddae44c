using InfoSharing.Data;
using InfoSharing.Domain.Relationships;
using InfoSharing.Domain.Terminology;
using InfoSharing.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace InfoSharing.Worker.Features.Terminology;

/// <summary>
/// Counts codings that matched no value set, by agency, code system and code, in the caller's transaction: one upsert
/// (INSERT ... ON CONFLICT DO UPDATE) for any number of codings, so that a batch of messages costs one statement.
/// Past <see cref="TerminologyOptions.MaxUnmappedCodesPerAgency"/> distinct codes an agency's new codes are counted under
/// "(other)", so that a sender cannot grow the table without bound.
/// </summary>
public sealed class UnmappedCodeCounter(IOptions<TerminologyOptions> options)
{
    private const string Upsert = """
        WITH incoming AS (
            SELECT s, c, n FROM unnest(@systems, @codes, @counts) AS u(s, c, n)
        ), room AS (
            SELECT count(*) < @cap AS open FROM terminology.unmapped_codes WHERE agency = @agency
        ), placed AS (
            SELECT CASE WHEN room.open OR EXISTS (SELECT 1 FROM terminology.unmapped_codes x WHERE x.agency = @agency AND x.code_system = i.s AND x.code = i.c)
                        THEN i.s ELSE @other END AS s,
                   CASE WHEN room.open OR EXISTS (SELECT 1 FROM terminology.unmapped_codes x WHERE x.agency = @agency AND x.code_system = i.s AND x.code = i.c)
                        THEN i.c ELSE @other END AS c,
                   i.n
            FROM incoming i CROSS JOIN room
        )
        INSERT INTO terminology.unmapped_codes AS t (agency, code_system, code, count, first_seen_at, last_seen_at)
        SELECT @agency, s, c, sum(n), @now, @now FROM placed GROUP BY s, c ORDER BY s, c
        ON CONFLICT (agency, code_system, code) DO UPDATE
            SET count = t.count + EXCLUDED.count, last_seen_at = EXCLUDED.last_seen_at
        """;

    public async Task CountAsync(InfoSharingDbContext db, string agency, IReadOnlyCollection<RelationshipCode> codings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(codings);
        if (codings.Count == 0)
        {
            return;
        }

        var tally = UnmappedCodes.Tally(codings);
        await db.Database.ExecuteSqlRawAsync(
            Upsert,
            [
                new NpgsqlParameter("systems", tally.Select(t => t.Coding.System).ToArray()),
                new NpgsqlParameter("codes", tally.Select(t => t.Coding.Code).ToArray()),
                new NpgsqlParameter("counts", tally.Select(t => (long)t.Count).ToArray()),
                new NpgsqlParameter("cap", (long)options.Value.MaxUnmappedCodesPerAgency),
                new NpgsqlParameter("agency", agency),
                new NpgsqlParameter("other", UnmappedCodes.Other),
                new NpgsqlParameter("now", now),
            ],
            cancellationToken);
        foreach (var (coding, count) in tally)
        {
            Telemetry.UnmappedCodes.Add(count, new KeyValuePair<string, object?>("agency", agency), new KeyValuePair<string, object?>("code.system", coding.System));
        }
    }
}
