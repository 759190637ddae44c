using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using InfoSharing.Contracts;
using InfoSharing.Data.Ingest;
using InfoSharing.IntegrationTests.Audit;
using InfoSharing.IntegrationTests.Infrastructure;
using InfoSharing.Worker.Features.Ingest;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.IntegrationTests.Ingest;

/// <summary>
/// The worker's `load` command (decision 0021) on history files, run through a worker host built as Program builds it
/// for admin commands (its hosted services do not run, so everything the test sees is the command's own doing).
/// </summary>
public sealed class When_an_agency_history_is_loaded(InfraFixture infra) : IntegrationTest(infra)
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("infosharing-it-load-");

    [Fact]
    public async Task A_booking_and_the_fathers_gp_record_raise_the_flags_live_messages_raise_and_rejections_stay_with_the_operator()
    {
        var bookingBody = Examples.Booking();
        var registrationBody = File.ReadAllBytes(Examples.Path("contracts/examples/gp/man-registration-with-indicators.json"));

        // Live first: the same two messages published by the agencies to a running worker.
        var live = await Hosts.StartWorkerAsync(Infra);
        try
        {
            await Agency.PublishAsync("midwifery.fhir", bookingBody, "booking-1");
            await Agency.PublishAsync("gp.fhir", registrationBody, "registration-1");
            await Eventually.TrueAsync(
                async () => await Infra.QueryAsync(db => db.InboundMessages.CountAsync(m => m.Status == InboundStatus.Accepted)) == 2 && await PendingEvaluationsAsync() == 0,
                Patience,
                "both live messages stored and every child evaluated");
        }
        finally
        {
            await live.StopAsync();
            await live.DisposeAsync();
        }

        var liveFlags = await ActiveFlagsAsync();
        Assert.Contains("significant-male-linked", liveFlags);
        Assert.Contains("linked-male-mental-health", liveFlags);

        // Then the same records from history files, on an empty database, with no worker running.
        await Infra.ResetAsync();
        var booking = OneLine(bookingBody);
        var midwifery = WriteLines("midwifery.ndjson", booking, "{\"resourceType\": \"Bundle\", \"entry\": [", string.Empty, booking);
        var gp = WriteLines("gp.ndjson", OneLine(registrationBody));

        var (midwiferyExit, midwiferyOutput) = await LoadAsync("--feed", "midwifery.fhir", "--input", midwifery, "--operator", "migration:maternity-2026", "--batch", "2");
        var (gpExit, gpOutput) = await LoadAsync("--feed", "gp.fhir", "--input", gp, "--operator", "migration:maternity-2026");

        Assert.Equal(0, midwiferyExit);
        Assert.Contains("lines 3: accepted 1, duplicates 1, rejected 1, failed 0", midwiferyOutput, StringComparison.Ordinal);
        Assert.Contains("by code: invalid-json 1", midwiferyOutput, StringComparison.Ordinal);
        Assert.Equal(0, gpExit);
        Assert.Contains("lines 1: accepted 1", gpOutput, StringComparison.Ordinal);

        // The flags are those the two messages raised live, evaluated before the command returned.
        Assert.Equal(liveFlags, await ActiveFlagsAsync());
        Assert.Equal(0, await PendingEvaluationsAsync());

        // Health visiting is owed its flag messages through the outbox; nothing goes back to the agency's rejected queue.
        var outbox = await Infra.QueryAsync(db => db.Outbox.AsNoTracking().Select(o => new { o.Exchange, o.RoutingKey }).ToListAsync());
        Assert.Contains(outbox, o => o.Exchange == Exchanges.Flags && o.RoutingKey.StartsWith("health-visiting.", StringComparison.Ordinal));
        Assert.DoesNotContain(outbox, o => o.Exchange == Exchanges.IngestRejected);

        // The rejected line is kept as a live rejection is, under the agency, with where it came from.
        var rejected = await Infra.QueryAsync(db => db.InboundMessages.AsNoTracking().SingleAsync(m => m.Status == InboundStatus.Rejected));
        Assert.Equal(("midwifery", "invalid-json", "midwifery.fhir"), (rejected.Agency, rejected.ErrorCode, rejected.RoutingKey));
        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(rejected.Headers)!;
        Assert.Equal(("2", "midwifery.ndjson", "migration:maternity-2026"), (headers["x-infosharing-load-line"], headers["x-infosharing-load-file"], headers["x-infosharing-loaded-by"]));
        var report = await File.ReadAllLinesAsync(midwifery + ".load-report.tsv");
        Assert.Equal("line\toutcome\tcode\treason", report[0]);
        Assert.StartsWith("2\trejected\tinvalid-json\t", report[1], StringComparison.Ordinal);
        Assert.Equal(2, report.Length);

        // Each run is in the audit log, and the chain still verifies.
        var runs = await Infra.QueryAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Kind == HistoryLoad.Kind).OrderBy(e => e.EntryNo).ToListAsync());
        Assert.Equal(2, runs.Count);
        Assert.All(runs, e => Assert.Equal("operator:migration:maternity-2026", e.Actor));
        var first = JsonDocument.Parse(runs[0].Content).RootElement;
        Assert.Equal(("midwifery.fhir", "midwifery.ndjson", 3, 1, 1, 1, true), (
            first.GetProperty("feed").GetString(), first.GetProperty("file").GetString(), first.GetProperty("lines").GetInt32(),
            first.GetProperty("accepted").GetInt32(), first.GetProperty("duplicates").GetInt32(), first.GetProperty("rejected").GetInt32(),
            first.GetProperty("completed").GetBoolean()));
        await AuditSeeding.SealAllAsync(Infra);
        Assert.True((await AuditSeeding.VerifyAsync(Infra)).Valid);
    }

    [Fact]
    public async Task A_load_stopped_part_way_continues_after_its_last_committed_line_and_a_lost_checkpoint_costs_only_duplicates()
    {
        var input = WriteLines("gp.ndjson", [.. Enumerable.Range(1, 7).Select(Registration)]);
        string[] load = ["--feed", "gp.fhir", "--input", input, "--operator", "migration:gp", "--batch", "2"];

        var (stoppedExit, stopped) = await LoadAsync([.. load, "--limit", "3"]);
        Assert.Equal(0, stoppedExit);
        Assert.Contains("Stopped after 3 lines as asked (--limit), at line 3; run again to continue.", stopped, StringComparison.Ordinal);
        Assert.Equal(3, await AcceptedAsync());

        var (resumedExit, resumed) = await LoadAsync(load);
        Assert.Equal(0, resumedExit);
        Assert.Contains("Resuming after line 3", resumed, StringComparison.Ordinal);
        Assert.Contains("lines 7: accepted 7, duplicates 0", resumed, StringComparison.Ordinal);
        Assert.Contains("this run 4 lines", resumed, StringComparison.Ordinal);
        Assert.Equal(7, await AcceptedAsync());

        var (_, again) = await LoadAsync(load);
        Assert.Contains("was loaded to the end before", again, StringComparison.Ordinal);

        // A kill between a batch's commit and its checkpoint, or a checkpoint lost: the lines come again and are
        // recognised by their content, so nothing is stored twice.
        File.Delete(input + ".load-checkpoint");
        var (replayedExit, replayed) = await LoadAsync(load);
        Assert.Equal(0, replayedExit);
        Assert.Contains("lines 7: accepted 0, duplicates 7", replayed, StringComparison.Ordinal);
        Assert.Equal(7, await Infra.QueryAsync(db => db.InboundMessages.CountAsync()));
        Assert.Equal(7, await Infra.QueryAsync(db => db.PersonRecords.CountAsync(r => r.Agency == "gp")));
    }

    [Fact]
    public async Task An_input_changed_before_its_checkpoint_is_not_resumed()
    {
        var input = WriteLines("gp.ndjson", [.. Enumerable.Range(1, 4).Select(Registration)]);
        string[] load = ["--feed", "gp.fhir", "--input", input, "--operator", "migration:gp", "--batch", "1"];
        await LoadAsync([.. load, "--limit", "2"]);
        var bytes = await File.ReadAllBytesAsync(input);
        bytes[10] = (byte)(bytes[10] == (byte)' ' ? '\t' : ' ');
        await File.WriteAllBytesAsync(input, bytes);

        var (exitCode, output) = await LoadAsync(load);

        Assert.Equal(2, exitCode);
        Assert.Contains("has changed before the checkpoint's offset", output, StringComparison.Ordinal);
        Assert.Equal(2, await AcceptedAsync());
    }

    [Fact]
    public async Task An_oversized_line_is_rejected_without_its_body_and_the_lines_after_it_are_loaded()
    {
        var huge = "{\"resourceType\":\"Bundle\",\"note\":\"" + new string('x', 30_000) + "\"}";
        var input = WriteLines("gp.ndjson", huge, Registration(1));

        var (exitCode, output) = await LoadAsync([("Messaging:MaxMessageBytes", "20000")], "--feed", "gp.fhir", "--input", input, "--operator", "migration:gp");

        Assert.Equal(0, exitCode);
        Assert.Contains("lines 2: accepted 1, duplicates 0, rejected 1", output, StringComparison.Ordinal);
        var rejected = await Infra.QueryAsync(db => db.InboundMessages.AsNoTracking().SingleAsync(m => m.Status == InboundStatus.Rejected));
        Assert.Equal(RejectionCodes.MessageTooLarge, rejected.ErrorCode);
        Assert.Empty(rejected.Body);
    }

    [Theory]
    [InlineData("--feed", "police.fhir", "No feed police.fhir is configured here")]
    [InlineData("--operator", "someone with spaces", "The operator name may hold only")]
    [InlineData("--batch", "0", "--batch is a number from 1 to 5000")]
    [InlineData("--lmit", "3", "Unknown argument --lmit")]
    public async Task A_usage_error_loads_nothing(string option, string value, string expected)
    {
        var input = WriteLines("gp.ndjson", Registration(1));
        var args = new List<string> { "--feed", "gp.fhir", "--input", input, "--operator", "migration:gp" };
        var at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        var (exitCode, output) = await LoadAsync([.. args]);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.Equal(0, await Infra.QueryAsync(db => db.InboundMessages.CountAsync()));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    private Task<List<string>> ActiveFlagsAsync() =>
        Infra.QueryAsync(db => db.Flags.Where(f => f.Status == "active").Select(f => f.Code).OrderBy(c => c).ToListAsync());

    private Task<int> PendingEvaluationsAsync() =>
        Infra.QueryAsync(db => db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM flags.evaluation_requests").SingleAsync());

    private Task<int> AcceptedAsync() => Infra.QueryAsync(db => db.InboundMessages.CountAsync(m => m.Status == InboundStatus.Accepted));

    /// <summary>The GP example registration for a new man of its own (NHS number and surname changed), on one line.</summary>
    private static string Registration(int index)
    {
        var text = File.ReadAllText(Examples.Path("contracts/examples/gp/man-registration-with-indicators.json"))
            .Replace(Examples.FatherNhs, Examples.SyntheticNhs(500 + index), StringComparison.Ordinal)
            .Replace("Samplesby", $"Loadman{(char)('a' + index)}", StringComparison.Ordinal);
        return OneLine(Encoding.UTF8.GetBytes(text));
    }

    private static string OneLine(byte[] json) => JsonNode.Parse(json)!.ToJsonString();

    private string WriteLines(string name, params string[] lines)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }

    private Task<(int ExitCode, string Output)> LoadAsync(params string[] args) => LoadAsync([], args);

    private async Task<(int ExitCode, string Output)> LoadAsync((string Key, string Value)[] settings, params string[] args)
    {
        await using WebApplication host = Hosts.BuildWorker(Infra, null, settings);
        await using var output = new StringWriter();
        var exitCode = await HistoryLoad.RunCommandAsync(host.Services, args, output, TextWriter.Null, TestContext.Current.CancellationToken);
        return (exitCode, output.ToString());
    }
}
