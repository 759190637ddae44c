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

/// <summary>One incoming record to find candidates for: its prepared form and the agency record it comes from.</summary>
public sealed record CandidateProbe(PreparedPerson Incoming, string Agency, string? LocalId);

/// <summary>
/// Finds, for every record of a batch in one round trip, the stored records that share a probe key with it and loads
/// what comparing them needs: a key shared by more than the cap is skipped (it cannot tell people apart, and the other
/// rules still apply); records the agency's same record was manually kept apart from are left out.
/// </summary>
public static class CandidateLoader
{
    private const string Probe = """
        WITH probe AS (
            SELECT p.idx, p.rule, p.key, p.ord
            FROM unnest(@idx::int[], @rules::text[], @keys::text[], @ords::int[]) AS p(idx, rule, key, ord)
        ), distinct_keys AS (
            SELECT DISTINCT rule, key FROM probe
        ), counted AS (
            SELECT d.rule, d.key,
                   (SELECT count(*) FROM (SELECT 1 FROM person.blocking_keys b
                                          WHERE b.rule = d.rule AND b.key = d.key LIMIT @cap + 1) x) AS n
            FROM distinct_keys d
        )
        """;

    private const string Sql = Probe + """
        SELECT p.idx, count(*) FILTER (WHERE c.n > @cap)
        FROM probe p JOIN counted c ON c.rule = p.rule AND c.key = p.key
        GROUP BY p.idx;
        """ + Probe + """
        , source AS (
            SELECT s.idx, s.agency, s.local_id
            FROM unnest(@source_idx::int[], @agencies::text[], @local_ids::text[]) AS s(idx, agency, local_id)
        ), hits AS (
            SELECT DISTINCT ON (p.idx, b.person_record_id) p.idx, b.person_record_id, p.rule
            FROM probe p
            JOIN counted c ON c.rule = p.rule AND c.key = p.key AND c.n <= @cap
            JOIN person.blocking_keys b ON b.rule = p.rule AND b.key = p.key
            ORDER BY p.idx, b.person_record_id, p.ord
        )
        SELECT h.idx, h.rule, r.id, r.person_id, r.given_name, r.family_name, r.birth_date, r.sex, r.postcode,
               CASE WHEN r.nhs_number_valid THEN r.nhs_number END
        FROM hits h
        JOIN person.person_records r ON r.id = h.person_record_id
        JOIN source s ON s.idx = h.idx
        WHERE s.local_id IS NULL
           OR NOT EXISTS (SELECT 1 FROM person.match_exclusions e
                          WHERE e.agency = s.agency AND e.local_id = s.local_id AND e.person_id = r.person_id)
        ORDER BY h.idx, h.person_record_id;
        """;

    /// <summary>The candidates of each probe, in the order given.</summary>
    public static async Task<IReadOnlyList<CandidateSet>> LoadAsync(
        InfoSharingDbContext db, IReadOnlyList<CandidateProbe> probes, int cap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(probes);
        var idx = new List<int>();
        var rules = new List<string>();
        var keys = new List<string>();
        var ords = new List<int>();
        for (var i = 0; i < probes.Count; i++)
        {
            var ord = 0;
            foreach (var (rule, key) in RecordKeys.Probes(probes[i].Incoming))
            {
                idx.Add(i);
                rules.Add(rule);
                keys.Add(key);
                ords.Add(ord++);
            }
        }

        var candidates = Enumerable.Range(0, probes.Count).Select(_ => new List<MatchCandidate>()).ToArray();
        var skipped = new int[probes.Count];
        if (idx.Count > 0)
        {
            var connection = db.Database.GetDbConnection();
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = Sql;
            Add(command, "idx", idx.ToArray());
            Add(command, "rules", rules.ToArray());
            Add(command, "keys", keys.ToArray());
            Add(command, "ords", ords.ToArray());
            Add(command, "cap", cap);
            Add(command, "source_idx", Enumerable.Range(0, probes.Count).ToArray());
            Add(command, "agencies", probes.Select(p => p.Agency).ToArray());
            Add(command, "local_ids", probes.Select(p => p.LocalId).ToArray());

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                skipped[reader.GetInt32(0)] = (int)reader.GetInt64(1);
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var record = RecordKeys.ToMatching(
                    reader.GetGuid(2),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetFieldValue<DateOnly>(6),
                    Enum.Parse<AdministrativeSex>(reader.GetString(7)),
                    reader.IsDBNull(8) ? null : reader.GetString(8),
                    reader.IsDBNull(9) ? null : reader.GetString(9));
                candidates[reader.GetInt32(0)].Add(new MatchCandidate(reader.GetGuid(3).ToString(), PreparedPerson.Prepare(record), reader.GetString(1)));
            }
        }

        return candidates.Select((c, i) => new CandidateSet(c, skipped[i])).ToList();
    }

    /// <summary>The candidates of one record (the benchmarks' view of one live match).</summary>
    public static async Task<CandidateSet> LoadAsync(
        InfoSharingDbContext db, PreparedPerson incoming, string agency, string? localId, int cap, CancellationToken cancellationToken) =>
        (await LoadAsync(db, [new CandidateProbe(incoming, agency, localId)], cap, cancellationToken))[0];

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
