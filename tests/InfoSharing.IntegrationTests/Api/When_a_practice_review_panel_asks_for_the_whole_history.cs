using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Validation;
using InfoSharing.Api.Auth;
using InfoSharing.Data.Audit;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.IntegrationTests.Api;

public sealed class When_a_practice_review_panel_asks_for_the_whole_history(InfraFixture infra) : IntegrationTest(infra)
{
    [Fact]
    public async System.Threading.Tasks.Task The_json_export_holds_every_change_unpaged_and_the_state_of_the_chain()
    {
        await StartWorkerAsync();
        var api = await StartApiAsync();
        var scenario = await Scenario.BookAsync(Infra, Agency, "export-1", Patience);
        await Publishing.WaitForAsync(Infra, db => db.Disclosures.AnyAsync(d => d.SentAt != null), Patience, "the disclosure");
        var changes = await Infra.QueryAsync(db => db.AuditEntries.CountAsync(e => e.Kind != AuditLog.ApiRead));

        using var response = await api.GetAsync($"/api/children/{scenario.ChildId}/export", ApiCalls.Token(Roles.Auditor));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("infosharing-child-history/1", body.GetProperty("format").GetString());
        Assert.True(body.GetProperty("chain").GetProperty("valid").GetBoolean());
        var history = body.GetProperty("history");
        Assert.Equal(scenario.ChildId, history.GetProperty("childId").GetGuid());

        // Every decision of the booking is about this child: the two person links, the relationship, the flag and its disclosure.
        Assert.Equal(changes, history.GetProperty("changes").GetProperty("items").GetArrayLength());
        Assert.Equal(
            [AuditLog.PersonLinked, AuditLog.PersonLinked, AuditLog.RelationshipLinked, AuditLog.FlagVersion, AuditLog.Disclosure],
            history.GetProperty("changes").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("kind").GetString()));
    }

    [Fact]
    public async System.Threading.Tasks.Task The_fhir_export_is_a_valid_bundle_of_audit_events_and_provenance_without_nhs_numbers()
    {
        await StartWorkerAsync();
        var api = await StartApiAsync();
        var scenario = await Scenario.BookAsync(Infra, Agency, "export-2", Patience);
        await Publishing.WaitForAsync(Infra, db => db.Disclosures.AnyAsync(d => d.SentAt != null), Patience, "the disclosure");

        using var response = await api.GetAsync($"/api/children/{scenario.ChildId}/export?format=fhir", ApiCalls.Token(Roles.Auditor));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        var bundle = new FhirJsonDeserializer(new DeserializerSettings()).Deserialize<Bundle>(text);
        Assert.Empty(bundle.Validate().Select(e => $"{e.ErrorCode} {e.InstancePath}: {e.Message}"));
        Assert.Equal(Bundle.BundleType.Collection, bundle.Type);
        var events = bundle.Entry.Select(e => e.Resource).OfType<AuditEvent>().ToList();
        var provenance = bundle.Entry.Select(e => e.Resource).OfType<Provenance>().ToList();
        Assert.Equal(5, events.Count);
        Assert.Contains(events, e => e.Type!.Code == AuditLog.Disclosure && e.Action == AuditEvent.AuditEventAction.E);
        var relationship = Assert.Single(provenance, p => p.Target[0].Identifier!.System!.EndsWith("/Id/relationship", StringComparison.Ordinal));
        Assert.Equal(scenario.RelationshipId.ToString(), relationship.Target[0].Identifier!.Value);
        Assert.Equal("midwifery-stated-unborn-child", relationship.Activity!.Coding[0].Code);
        Assert.Contains(relationship.Entity, e => e.What.Display?.Contains("export-2", StringComparison.Ordinal) == true);

        // The father's and the mother's records in the booking: how each was identified.
        Assert.Equal(2, provenance.Count(p => p.Target[0].Identifier!.System!.EndsWith("/Id/person", StringComparison.Ordinal)));
        Assert.DoesNotContain(Examples.MotherNhs, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Examples.FatherNhs, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Samplesby", text, StringComparison.Ordinal);

        var read = await Infra.QueryAsync(db => db.AuditEntries.SingleAsync(e => e.Kind == AuditLog.ApiRead));
        Assert.Contains("\"format\":\"fhir\"", read.Content, StringComparison.Ordinal);
        Assert.Contains(scenario.RelationshipId, read.SubjectIds);
    }
}
