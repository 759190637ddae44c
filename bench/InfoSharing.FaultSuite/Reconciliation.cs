using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace InfoSharing.FaultSuite;

/// <summary>What the reconciliation found. <see cref="Failures"/> lists every loss, duplicate or broken promise.</summary>
internal sealed class Findings
{
    public List<string> Failures { get; } = [];

    public Dictionary<string, long> Figures { get; } = new(StringComparer.Ordinal);

    public void Fail(string what) => Failures.Add(what);

    public void Set(string name, long value) => Figures[name] = value;

    public long this[string name] => Figures.GetValueOrDefault(name);
}

/// <summary>
/// Compares what the agencies sent and the subscribers received with what the service's tables say:
/// every inbound message accounted for; every disclosure (flag version x entitled subscriber) delivered, and
/// nothing received that was not committed; every rejection delivered; each unit's flags the same as the other
/// units' (a unit that lost or doubled a flag stands out); the outbox empty; the audit chain verified by the API.
/// </summary>
internal sealed class Reconciliation(Stack stack, Receivers receivers)
{
    public async Task<Findings> RunAsync(IReadOnlyList<AgencyMessage> messages, Dictionary<string, int> unitOfNhs)
    {
        var findings = new Findings();
        await using var db = new NpgsqlConnection(stack.PostgresDatabase);
        await db.OpenAsync();
        var received = receivers.All.ToLookup(r => r.Queue);
        await InboundAsync(db, messages, received, findings);
        await FlagsAsync(db, received, unitOfNhs, findings);
        await OutboxAsync(db, findings);
        await AuditAsync(findings);
        return findings;
    }

    private static async Task InboundAsync(NpgsqlConnection db, IReadOnlyList<AgencyMessage> messages, ILookup<string, Received> received, Findings findings)
    {
        var stored = new Dictionary<(string, string), (string Status, string? Code)>();
        await using (var command = new NpgsqlCommand("SELECT agency, message_id, status, error_code FROM ingest.inbound_messages WHERE message_id IS NOT NULL", db))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                stored[(reader.GetString(0), reader.GetString(1))] = (reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3));
            }
        }

        long accepted = 0, rejected = 0, setAside = 0, missing = 0, validNotAccepted = 0, wrongCode = 0, rejectionsLost = 0, rejectionCopies = 0;
        foreach (var m in messages)
        {
            if (!stored.TryGetValue((m.Agency, m.MessageId), out var row))
            {
                missing++;
                findings.Fail($"inbound {m.Agency}/{m.MessageId} was confirmed by the broker but never stored");
                continue;
            }

            var status = row.Status.ToLowerInvariant();
            if (status == "accepted")
            {
                accepted++;
            }
            else if (status == "rejected")
            {
                rejected++;
            }
            else
            {
                setAside++;
            }

            if (m.ExpectedCode is null && status != "accepted")
            {
                validNotAccepted++;
                findings.Fail($"valid inbound {m.Agency}/{m.MessageId} ended {row.Status} {row.Code}");
            }
            else if (m.ExpectedCode is { } code && (status != "rejected" || row.Code != code))
            {
                wrongCode++;
                findings.Fail($"bad inbound {m.Agency}/{m.MessageId} ended {row.Status} {row.Code}, expected rejected {code}");
            }

            if (status == "rejected")
            {
                var copies = received[$"ingest.rejected.{m.Agency}"].FirstOrDefault(r => r.MessageId == m.MessageId)?.Copies ?? 0;
                rejectionCopies += Math.Max(0, copies - 1);
                if (copies == 0)
                {
                    rejectionsLost++;
                    findings.Fail($"the rejection of {m.Agency}/{m.MessageId} never reached ingest.rejected.{m.Agency}");
                }
            }
        }

        var sent = messages.Select(m => $"{m.Agency}/{m.MessageId}").ToHashSet(StringComparer.Ordinal);
        var strays = received.Where(g => g.Key.StartsWith("ingest.rejected.", StringComparison.Ordinal))
            .SelectMany(g => g.Select(r => $"{g.Key["ingest.rejected.".Length..]}/{r.MessageId}"))
            .Count(id => !sent.Contains(id));
        if (strays > 0)
        {
            findings.Fail($"{strays} rejection message(s) for messages nobody sent");
        }

        findings.Set("inbound", messages.Count);
        findings.Set("accepted", accepted);
        findings.Set("rejected", rejected);
        findings.Set("set-aside", setAside);
        findings.Set("missing", missing);
        findings.Set("valid-not-accepted", validNotAccepted);
        findings.Set("wrong-code", wrongCode);
        findings.Set("rejections-lost", rejectionsLost);
        findings.Set("rejection-redelivered", rejectionCopies);
    }

    private static async Task FlagsAsync(NpgsqlConnection db, ILookup<string, Received> received, Dictionary<string, int> unitOfNhs, Findings findings)
    {
        // Every disclosure: a flag version owed to an entitled subscriber, with the unit its child belongs to.
        var disclosures = new List<(string MessageId, string Subscriber, Guid FlagId, int Version, bool Sent, string Code, string VersionStatus, string? Anchor)>();
        await using (var command = new NpgsqlCommand("""
            SELECT d.message_id, d.subscriber, d.flag_id, d.flag_version, d.sent_at IS NOT NULL, f.code, v.status,
                   coalesce(pm.nhs_number, pi.nhs_number)
            FROM flags.disclosures d
            JOIN flags.flags f ON f.id = d.flag_id
            JOIN flags.flag_versions v ON v.flag_id = d.flag_id AND v.version = d.flag_version
            JOIN linkage.children c ON c.id = f.child_id
            LEFT JOIN person.persons pm ON pm.id = c.mother_person_id
            LEFT JOIN person.persons pi ON pi.id = c.infant_person_id
            """, db))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                disclosures.Add((reader.GetString(0), reader.GetString(1), reader.GetGuid(2), reader.GetInt32(3), reader.GetBoolean(4), reader.GetString(5), reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7)));
            }
        }

        var flagReceived = received.Where(g => g.Key.StartsWith("flags.", StringComparison.Ordinal))
            .SelectMany(g => g).ToDictionary(r => (r.Queue["flags.".Length..], r.MessageId), r => r);
        long lost = 0, unsent = 0, redelivered = 0;
        foreach (var d in disclosures)
        {
            var copies = flagReceived.TryGetValue((d.Subscriber, d.MessageId), out var r) ? r.Copies : 0;
            redelivered += Math.Max(0, copies - 1);
            if (!d.Sent)
            {
                unsent++;
                findings.Fail($"flag message {d.MessageId} was never confirmed to {d.Subscriber}");
            }

            if (copies == 0)
            {
                lost++;
                findings.Fail($"flag message {d.MessageId} never reached flags.{d.Subscriber}");
            }
        }

        var owed = disclosures.Select(d => (d.Subscriber, d.MessageId)).ToHashSet();
        var uncommitted = flagReceived.Keys.Count(k => !owed.Contains(k));
        if (uncommitted > 0)
        {
            findings.Fail($"{uncommitted} flag message id(s) received that no committed disclosure owes");
        }

        // Each unit's flags as its subscribers last heard of them: (subscriber, code, status) with counts. The units
        // are copies of one story, so they should all end alike; one that lost or doubled a flag differs.
        var units = disclosures.Where(d => d.Anchor is not null && unitOfNhs.ContainsKey(d.Anchor))
            .GroupBy(d => unitOfNhs[d.Anchor!])
            .ToDictionary(g => g.Key, g => Signature(g));
        var modal = units.Values.GroupBy(s => s).OrderByDescending(g => g.Count()).FirstOrDefault()?.Key ?? string.Empty;
        var deviant = units.Where(u => u.Value != modal).ToList();
        foreach (var (unit, signature) in deviant.Take(5))
        {
            findings.Fail($"unit {unit} ended with flags [{signature}] where most units ended with [{modal}]");
        }

        if (deviant.Count > 5)
        {
            findings.Fail($"... and {deviant.Count - 5} more units differ from the rest");
        }

        var orphans = disclosures.Count(d => d.Anchor is null || !unitOfNhs.ContainsKey(d.Anchor));
        findings.Set("flags", disclosures.Select(d => d.FlagId).Distinct().LongCount());
        findings.Set("flag-versions", disclosures.Select(d => (d.FlagId, d.Version)).Distinct().LongCount());
        findings.Set("deliveries-owed", disclosures.Count);
        findings.Set("delivered", disclosures.Count - lost);
        findings.Set("lost", lost);
        findings.Set("unsent", unsent);
        findings.Set("redelivered-copies", redelivered);
        findings.Set("uncommitted", uncommitted);
        findings.Set("units-with-flags", units.Count);
        findings.Set("deviant-units", deviant.Count);
        findings.Set("flags-outside-units", orphans);
        findings.Figures["modal-signature-size"] = modal.Length == 0 ? 0 : modal.Split(';').Length;
    }

    private static string Signature(IEnumerable<(string MessageId, string Subscriber, Guid FlagId, int Version, bool Sent, string Code, string VersionStatus, string? Anchor)> unit) =>
        string.Join("; ", unit.GroupBy(d => (d.Subscriber, d.FlagId))
            .Select(g => g.MaxBy(d => d.Version))
            .GroupBy(d => $"{d.Subscriber} {d.Code} {d.VersionStatus}")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Count() == 1 ? g.Key : $"{g.Key} x{g.Count()}"));

    private static async Task OutboxAsync(NpgsqlConnection db, Findings findings)
    {
        await using var command = new NpgsqlCommand("SELECT count(*) FILTER (WHERE sent_at IS NULL), count(*) FILTER (WHERE parked_at IS NOT NULL AND sent_at IS NULL) FROM messaging.outbox", db);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var pending = reader.GetInt64(0);
        var parked = reader.GetInt64(1);
        findings.Set("outbox-pending", pending);
        findings.Set("outbox-parked", parked);
        if (pending > 0)
        {
            findings.Fail($"{pending} outbox row(s) still unsent ({parked} parked)");
        }
    }

    private async Task AuditAsync(Findings findings)
    {
        var token = await stack.MintAuditorTokenAsync();
        using var http = new HttpClient { BaseAddress = stack.ApiUrl, Timeout = TimeSpan.FromMinutes(10) };

        // As any client should: a 503 (the database restarting, a stale connection) is tried again after Retry-After.
        HttpResponseMessage response;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/audit/verify");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("X-Purpose-Of-Use", "audit");
            request.Headers.Add("X-Purpose-Of-Use-Detail", "fault suite reconciliation");
            response = await http.SendAsync(request);
            if (response.StatusCode != System.Net.HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
            {
                break;
            }

            findings.Set("audit-503", findings["audit-503"] + 1);
            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(2));
            response.Dispose();
        }

        using var answered = response;
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            findings.Fail($"GET /api/audit/verify answered {(int)response.StatusCode}: {body[..Math.Min(300, body.Length)]}");
            return;
        }

        using var json = JsonDocument.Parse(body);
        var valid = json.RootElement.TryGetProperty("valid", out var v) && v.GetBoolean();
        var entries = json.RootElement.TryGetProperty("entriesChecked", out var e) ? e.GetInt64() : 0;
        findings.Set("audit-entries", entries);
        findings.Set("audit-valid", valid ? 1 : 0);
        if (!valid)
        {
            findings.Fail($"the audit chain does not verify: {Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(body))}");
        }
    }
}

internal static class FigureLine
{
    public static string Format(Findings f, SuiteOptions o, int units, int bad, int duplicatesSent, int republishedWindows, IEnumerable<Fault> faults, int workerExits, TimeSpan elapsed, string load) =>
        string.Create(CultureInfo.InvariantCulture,
            $"fault-suite {(f.Failures.Count == 0 ? "PASS" : "FAIL")}: messages {o.Messages} (units {units}, bad {bad}, duplicates sent {duplicatesSent}, windows republished {republishedWindows}, replicas {o.Replicas}) | "
            + $"inbound accepted {f["accepted"]} rejected {f["rejected"]} set-aside {f["set-aside"]} missing {f["missing"]} valid-not-accepted {f["valid-not-accepted"]} wrong-code {f["wrong-code"]} | "
            + $"flags {f["flags"]} versions {f["flag-versions"]} deliveries owed {f["deliveries-owed"]} delivered {f["delivered"]} lost {f["lost"]} redelivered copies {f["redelivered-copies"]} uncommitted {f["uncommitted"]} deviant units {f["deviant-units"]}/{f["units-with-flags"]} | "
            + $"rejections lost {f["rejections-lost"]} | outbox pending {f["outbox-pending"]} | "
            + $"faults {string.Join(", ", faults.Select(x => x.ToString()))}; unexpected worker exits {workerExits} | audit {(f["audit-valid"] == 1 ? "verified" : "NOT verified")} {f["audit-entries"]} entries | "
            + $"{elapsed.TotalSeconds:F0} s, load {load}");
}
