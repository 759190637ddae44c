using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using InfoSharing.Api.Auth;
using InfoSharing.IntegrationTests.Api;
using InfoSharing.IntegrationTests.Infrastructure;
using InfoSharing.IntegrationTests.Scenarios;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.IntegrationTests.Terminology;

/// <summary>
/// Codes that map to nothing are counted by agency, code system and code (so the partnership can see what its value
/// sets miss), at GET /api/terminology/unmapped-codes and as the metric infosharing.terminology.unmapped_codes, and
/// nothing personal is stored with them.
/// </summary>
public sealed class When_agencies_send_codes_no_value_set_holds(InfraFixture infra) : ScenarioTest(infra)
{
    [Fact]
    public async Task They_are_counted_by_agency_system_and_code_with_nothing_personal()
    {
        var measured = new List<(long Value, string? Agency, string? System)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "InfoSharing" && instrument.Name == "infosharing.terminology.unmapped_codes")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var copied = tags.ToArray();
            string? Tag(string name) => copied.FirstOrDefault(t => t.Key == name).Value as string;
            lock (measured)
            {
                measured.Add((value, Tag("agency"), Tag("code.system")));
            }
        });
        listener.Start();

        await StartPartnershipWorkerAsync();
        var api = await StartApiAsync();
        var records = new[]
        {
            new CodedRecord("asthma-1", "195967001"), // Asthma: a code InfoSharing has no use for
            new CodedRecord("local-1", CodedPatient.Man.NhsNumber, "https://gp.example.nhs.uk/CodeSystem/local"), // a careless sender's "code"
        };
        await SendAsync("gp.fhir", CodedRecords.About(CodedPatient.Man, records), "unmapped-1");
        await SendAsync("gp.fhir", CodedRecords.About(CodedPatient.Man, records[0]), "unmapped-2");

        var rows = await Infra.QueryAsync(db => db.UnmappedCodes.AsNoTracking().OrderBy(c => c.Code).ToListAsync());
        Assert.Contains(rows, r => (r.Agency, r.CodeSystem, r.Code, r.Count) == ("gp", "http://snomed.info/sct", "195967001", 2));
        Assert.Contains(rows, r => (r.Agency, r.CodeSystem, r.Code) == ("gp", "https://gp.example.nhs.uk/CodeSystem/local", "(a number that passes the NHS number check)"));
        Assert.Contains(rows, r => r.CodeSystem == "http://www.e-mis.com/emisopen/MedicalRecord" && r.Code == "EMISASTHMA1");
        var everything = await Infra.QueryAsync(db => db.Database.SqlQueryRaw<string>("SELECT row_to_json(u)::text AS \"Value\" FROM terminology.unmapped_codes u").ToListAsync());
        Assert.All(everything, row => Assert.True(
            !row.Contains(CodedPatient.Man.NhsNumber, StringComparison.Ordinal) && !row.Contains(CodedPatient.Man.Family, StringComparison.Ordinal),
            row));
        Assert.Empty(await Infra.QueryAsync(db => db.RiskIndicators.Where(i => i.Code == "195967001").ToListAsync()));

        lock (measured)
        {
            Assert.Equal(2, measured.Where(m => m.Agency == "gp" && m.System == "http://snomed.info/sct").Sum(m => m.Value));
        }

        using var response = await api.GetAsync("/api/terminology/unmapped-codes?agency=gp&codeSystem=http://snomed.info/sct", ApiCalls.Token(Roles.Auditor));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var item = Assert.Single(body.RootElement.GetProperty("codes").GetProperty("items").EnumerateArray());
        Assert.Equal(("195967001", 2), (item.GetProperty("code").GetString(), item.GetProperty("count").GetInt64()));
    }
}
