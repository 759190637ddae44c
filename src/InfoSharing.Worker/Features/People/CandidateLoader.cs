using System.Data.Common;
using InfoSharing.Data;
using InfoSharing.Domain.People;
using InfoSharing.Matching;
using InfoSharing.Matching.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace InfoSharing.Worker.Features.People;

/// <summary>The candidates blocking finds for one record, and how many of its probe keys were too common to use.</summary>
public sealed record CandidateSet(IReadOnlyList<MatchCandidate> Candidates, int SkippedKeys);

/// <summary>
/// Finds the records that share a probe key with a new record and loads what comparing them needs, in one round
/// trip: a key shared by more than the cap is skipped (it cannot tell people apart, and the other rules still
/// apply); records the agency's same record was manually kept apart from are left out.
/// </summary>
public static class CandidateLoader
{
    private const string Probe = """
        WITH probe AS (
            SELECT p.rule, p.key, p.ord
            FROM unnest(@rules::text[], @keys::text[]) WITH ORDINALITY AS p(rule, key, ord)
        ), counted AS (
            SELECT p.rule, p.key, p.ord,
                   (SELECT count(*) FROM (SELECT 1 FROM person.blocking_keys b
                                          WHERE b.rule = p.rule AND b.key = p.key LIMIT @cap + 1) x) AS n
            FROM probe p
        )
        """;

    private const string Sql = Probe + """
        SELECT count(*) FILTER (WHERE n > @cap) FROM counted;
        """ + Probe + """
        , hits AS (
            SELECT DISTINCT ON (b.person_record_id) b.person_record_id, c.rule
            FROM counted c JOIN person.blocking_keys b ON b.rule = c.rule AND b.key = c.key
            WHERE c.n <= @cap
            ORDER BY b.person_record_id, c.ord
        )
        SELECT h.rule, r.id, r.person_id, r.given_name, r.family_name, r.birth_date, r.sex, r.postcode,
               CASE WHEN r.nhs_number_valid THEN r.nhs_number END
        FROM hits h JOIN person.person_records r ON r.id = h.person_record_id
        WHERE NOT EXISTS (SELECT 1 FROM person.match_exclusions e
                          WHERE e.agency = @agency AND e.local_id = @local_id AND e.person_id = r.person_id);
        """;

    public static async Task<CandidateSet> LoadAsync(
        InfoSharingDbContext db, PreparedPerson incoming, string agency, string? localId, int cap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var probes = RecordKeys.Probes(incoming);
        var candidates = new List<MatchCandidate>();
        if (probes.Count == 0)
        {
            return new CandidateSet(candidates, 0);
        }

        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = Sql;
        Add(command, "rules", probes.Select(p => p.Rule).ToArray());
        Add(command, "keys", probes.Select(p => p.Key).ToArray());
        Add(command, "cap", cap);
        Add(command, "agency", agency);
        Add(command, "local_id", (object?)localId ?? DBNull.Value);

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var skipped = (int)reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var record = RecordKeys.ToMatching(
                reader.GetGuid(1),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateOnly>(5),
                Enum.Parse<AdministrativeSex>(reader.GetString(6)),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8));
            candidates.Add(new MatchCandidate(reader.GetGuid(2).ToString(), PreparedPerson.Prepare(record), reader.GetString(0)));
        }

        return new CandidateSet(candidates, skipped);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
