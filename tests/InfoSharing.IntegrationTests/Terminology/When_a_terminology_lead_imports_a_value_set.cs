using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoSharing.Api.Auth;
using InfoSharing.Domain.Flags;
using InfoSharing.Domain.Ingest;
using InfoSharing.IntegrationTests.Api;
using InfoSharing.IntegrationTests.Infrastructure;
using InfoSharing.IntegrationTests.Scenarios;
using InfoSharing.Worker.Features.Terminology;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.IntegrationTests.Terminology;

/// <summary>
/// A partnership's terminology lead refreshes a kind's value set without a release: the expansion a terminology server
/// returned for ValueSet/$expand, imported with the worker's <c>terminology import</c> command, maps the next message
/// on the running worker, re-reads what is stored, and shows at GET /api/terminology/value-sets.
/// </summary>
public sealed class When_a_terminology_lead_imports_a_value_set(InfraFixture infra) : ScenarioTest(infra)
{
    private const string Unmapped = "26322001";

    private static string Expansion(params string[] codes) => JsonSerializer.Serialize(new
    {
        resourceType = "ValueSet",
        url = "http://snomed.info/sct?fhir_vs=ecl/<<" + codes[0],
        version = "http://snomed.info/sct/83821000000107/version/20261119",
        expansion = new
        {
            timestamp = "2026-11-30T10:00:00Z",
            total = codes.Length,
            contains = codes.Select(c => new { system = "http://snomed.info/sct", code = c, display = "as the server gives it" }),
        },
    });

    private static async Task<(int Code, string Output)> ImportAsync(WebApplication worker, string kind, string json, params string[] more)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("infosharing-vs-").FullName, "expansion.json");
        await File.WriteAllTextAsync(file, json);
        using var output = new StringWriter();
        var code = await TerminologyCommands.RunAsync(["terminology", "import", "--kind", kind, "--file", file, "--by", "terminology-lead", .. more], worker.Services, output);
        return (code, output.ToString());
    }

    [Fact]
    public async Task The_new_version_maps_the_next_message_and_shows_as_in_force()
    {
        var worker = await StartPartnershipWorkerAsync();
        var api = await StartApiAsync();
        await SendAsync("midwifery.fhir", ScenarioMessages.BirthNotification(40), "birth");
        await SendAsync("gp.fhir", CodedRecords.About(CodedPatient.Man, new CodedRecord("da-1", Unmapped)), "gp-before");
        await ReadAllQueuesAsync();
        Assert.Empty(Received("health-visiting", FlagRuleCodes.LinkedMaleDomesticAbuse));

        var (exit, said) = await ImportAsync(worker, IndicatorKinds.DomesticAbusePerpetrator, Expansion(Unmapped), "--version", "2026-12-01.lead-1");
        Assert.True(exit == 0, said);
        await SendAsync("gp.fhir", CodedRecords.About(CodedPatient.Man, new CodedRecord("da-1", Unmapped)), "gp-after");

        await ReadAllQueuesAsync();
        Assert.Equal(["flag-raised"], Received("health-visiting", FlagRuleCodes.LinkedMaleDomesticAbuse).Select(d => d.Event));
        using var response = await api.GetAsync("/api/terminology/value-sets", ApiCalls.Token(Roles.Admin));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var kind = body.RootElement.GetProperty("valueSets").EnumerateArray().Single(k => k.GetProperty("kind").GetString() == IndicatorKinds.DomesticAbusePerpetrator);
        var inForce = kind.GetProperty("inForce");
        Assert.Equal(("2026-12-01.lead-1", "imported", 1, "terminology-lead"), (inForce.GetProperty("version").GetString(), inForce.GetProperty("origin").GetString(), inForce.GetProperty("codeCount").GetInt32(), inForce.GetProperty("importedBy").GetString()));
        Assert.Equal("built-in", kind.GetProperty("builtIn").GetProperty("origin").GetString());
        Assert.True(body.RootElement.GetProperty("generation").GetInt64() > 0);
    }

    [Fact]
    public async Task A_code_taken_out_of_the_value_set_withdraws_the_flag_that_rested_on_it()
    {
        var worker = await StartPartnershipWorkerAsync();
        await SendAsync("midwifery.fhir", ScenarioMessages.BirthNotification(40), "birth");
        await SendAsync("gp.fhir", CodedRecords.About(CodedPatient.Man, new CodedRecord("mh-1", "35489007")), "gp-depression");
        await ReadAllQueuesAsync();
        Assert.Equal(["flag-raised"], Received("health-visiting", FlagRuleCodes.LinkedMaleMentalHealth).Select(d => d.Event));

        var (exit, said) = await ImportAsync(worker, IndicatorKinds.MentalHealth, Expansion("197480006"));
        Assert.True(exit == 0, said);
        Assert.Contains("queued for re-evaluation", said, StringComparison.Ordinal);

        await WaitUntilAsync(async () => await Infra.QueryAsync(db => db.ReevaluationRequests.AllAsync(r => r.ProcessedAt != null))
            && await Infra.QueryAsync(db => db.Outbox.AllAsync(o => o.SentAt != null)));
        await ReadAllQueuesAsync();
        Assert.Equal(
            [("flag-raised", Hl7.Fhir.Model.Flag.FlagStatus.Active), ("flag-withdrawn", Hl7.Fhir.Model.Flag.FlagStatus.Inactive)],
            Received("health-visiting", FlagRuleCodes.LinkedMaleMentalHealth).Select(d => (d.Event, d.Status)));
        var version = await Infra.QueryAsync(db => db.FlagVersions.OrderByDescending(v => v.Version).FirstAsync());
        Assert.Equal("flag-withdrawn", version.Event);
    }

    [Fact]
    public async Task The_same_file_twice_is_one_version_and_a_paged_expansion_is_refused()
    {
        var worker = await StartWorkerAsync();

        Assert.Equal(0, (await ImportAsync(worker, IndicatorKinds.AngerManagement, Expansion("197480006"))).Code);
        var again = await ImportAsync(worker, IndicatorKinds.AngerManagement, Expansion("197480006"));
        var paged = await ImportAsync(worker, IndicatorKinds.AngerManagement, Expansion("197480006", "21897009").Replace("\"total\":2", "\"total\":50", StringComparison.Ordinal));
        var unknown = await ImportAsync(worker, "anger", Expansion("197480006"));

        Assert.Equal(0, again.Code);
        Assert.Contains("nothing imported", again.Output, StringComparison.Ordinal);
        Assert.Equal(1, paged.Code);
        Assert.Contains("incomplete", paged.Output, StringComparison.Ordinal);
        Assert.Equal(1, unknown.Code);
        Assert.Equal(1, await Infra.QueryAsync(db => db.ValueSetVersions.CountAsync()));
        Assert.True(await Infra.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Kind == "value-set-imported")));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold in time.");
            await Task.Delay(100);
        }
    }
}
