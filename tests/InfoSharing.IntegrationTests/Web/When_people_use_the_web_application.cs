using System.Text.Json;
using InfoSharing.Data.Audit;
using InfoSharing.Data.Ingest;
using InfoSharing.Domain.Ingest;
using InfoSharing.IntegrationTests.Api;
using InfoSharing.IntegrationTests.Infrastructure;
using InfoSharing.IntegrationTests.People;
using InfoSharing.IntegrationTests.Scenarios;
using InfoSharing.Worker.Features.Terminology;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.IntegrationTests.Web;

public sealed class When_people_use_the_web_application(InfraFixture infra) : BrowserTest(infra)
{
    [Fact]
    public async Task A_reviewer_confirms_a_possible_match_and_the_flag_that_follows_is_on_the_childs_timeline()
    {
        await StartWorkerAsync();
        await StartWebAsync();
        var made = await PossibleMatchScenario.SendAsync(Infra, Agency, Patience);

        await RunScenarioAsync("reviewer-confirms", PossibleMatchScenario.Input(made));

        // The decision was the web's, recorded as the API records its own: the reviewer, the role and the session's purpose.
        var decided = await Infra.QueryAsync(db => db.AuditEntries.SingleAsync(e => e.Kind == AuditLog.ReviewDecided));
        Assert.Equal(("reviewer-web", "reviewer", "matching-review"), (decided.Actor, decided.ActorRole, decided.Purpose));
        Assert.True(await Infra.QueryAsync(db => db.Flags.AnyAsync(f => f.Code == PossibleMatchScenario.ExpectedFlag && f.PersonId == made.CandidatePersonId)));

        // Every page that read about people is in the audit log with its purpose; the NHS number searched for is withheld.
        var reads = await Infra.QueryAsync(db => db.AuditEntries.Where(e => e.Kind == AuditLog.ApiRead).OrderBy(e => e.EntryNo).ToListAsync());
        Assert.Contains(reads, e => e.Actor == "reviewer-web" && e.Content.Contains("\"/reviews/{reviewId}\"", StringComparison.Ordinal) && e.SubjectIds.Contains(made.ReviewId));
        Assert.Contains(reads, e => e.Actor == "auditor-web" && e.Purpose == "practice-review: PR-2027-01" && e.SubjectIds.Contains(made.ChildId));
        Assert.DoesNotContain(reads, e => e.Content.Contains(Examples.MotherNhs, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_auditor_sees_the_timeline_as_it_stood_before_the_merge()
    {
        await StartWorkerAsync();
        await StartWebAsync();
        var made = await PossibleMatchScenario.SendAsync(Infra, Agency, Patience);
        await ReviewCalls.DecideAsync(Api, made.ReviewId, new { decision = "confirm", personId = made.CandidatePersonId, reason = "same man" });
        await Publishing.WaitForAsync(Infra, db => db.Flags.AnyAsync(f => f.Code == PossibleMatchScenario.ExpectedFlag), Patience, "the flag after the merge");

        await RunScenarioAsync("auditor-as-of", PossibleMatchScenario.Input(made));
    }

    [Fact]
    public async Task A_role_is_refused_the_pages_of_another()
    {
        await StartWebAsync();

        await RunScenarioAsync("wrong-role");
    }

    [Fact]
    public async Task An_operator_sees_rejections_queues_and_the_outbox()
    {
        await StartWorkerAsync();
        await StartWebAsync();
        await Agency.PublishAsync("midwifery.fhir", "{ not json"u8.ToArray(), "broken-6001");
        await Publishing.WaitForAsync(Infra, db => db.InboundMessages.AnyAsync(m => m.ErrorCode == "invalid-json"), Patience, "the rejection");

        // A good booking that an earlier fault of ours set aside as failed (as the worker stores one), waiting for replay.
        var failedId = Guid.CreateVersion7();
        await Infra.QueryAsync(async db =>
        {
            db.InboundMessages.Add(new InboundMessage
            {
                Id = failedId,
                Agency = "midwifery",
                MessageId = "failed-6002",
                RoutingKey = "midwifery.fhir",
                ContentType = "application/fhir+json",
                UserId = Infra.BrokerUser("midwifery"),
                ReceivedAt = DateTimeOffset.UtcNow,
                Headers = "{}",
                Body = Examples.Booking(),
                Status = InboundStatus.Failed,
                ErrorCode = "processing-failed",
                FailureDetail = "System.InvalidOperationException: a fault in a reader, since fixed\n   at InfoSharing.Worker...",
            });
            return await db.SaveChangesAsync();
        });

        // The operator sees it with its fault (the exception type only), replays it, and the worker accepts it.
        await RunScenarioAsync("operator", new { rejectionCode = "invalid-json", failedMessageId = "failed-6002" });
        await Publishing.WaitForAsync(Infra, db => db.InboundMessages.AnyAsync(m => m.MessageId == "failed-6002" && m.Status == InboundStatus.Accepted), Patience, "the replayed message accepted");
        var replay = await Infra.QueryAsync(db => db.AuditEntries.Where(e => e.Kind == AuditLog.ApiRead && e.Actor == "operator-web").Select(e => e.Content).ToListAsync());
        Assert.Contains(replay, c => c.Contains("\"/operations/replay\"", StringComparison.Ordinal) && c.Contains(failedId.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_terminology_lead_sees_the_value_sets_in_force_and_the_codes_that_map_to_nothing()
    {
        var worker = await StartWorkerAsync();
        await StartWebAsync();
        var expansion = Path.Combine(Directory.CreateTempSubdirectory("infosharing-vs-").FullName, "expansion.json");
        await File.WriteAllTextAsync(expansion, JsonSerializer.Serialize(new
        {
            resourceType = "ValueSet",
            url = "http://snomed.info/sct?fhir_vs=ecl/<<26322001",
            version = "http://snomed.info/sct/83821000000107/version/20261119",
            expansion = new { timestamp = "2026-11-30T10:00:00Z", total = 1, contains = new[] { new { system = CodedRecords.Snomed, code = "26322001", display = "as the server gives it" } } },
        }));
        using var said = new StringWriter();
        var exit = await TerminologyCommands.RunAsync(
            ["terminology", "import", "--kind", IndicatorKinds.DomesticAbusePerpetrator, "--file", expansion, "--version", "2026-12-01.lead-1", "--by", "terminology-lead"], worker.Services, said);
        Assert.True(exit == 0, said.ToString());

        // Asthma twice (a code InfoSharing has no use for), and 25 local codes once: each record also carries its EMIS code, so 52 rows, two pages.
        const string Asthma = "195967001";
        var local = Enumerable.Range(1, 25).Select(n => new CodedRecord($"local-{n}", $"LOCAL{n:D3}", "https://gp.example.nhs.uk/CodeSystem/local")).ToArray();
        await Agency.PublishAsync("gp.fhir", CodedRecords.About(CodedPatient.Man, [new CodedRecord("asthma-1", Asthma), .. local]), "gp-unmapped-1");
        await Agency.PublishAsync("gp.fhir", CodedRecords.About(CodedPatient.Man, new CodedRecord("asthma-1", Asthma)), "gp-unmapped-2");
        await Publishing.WaitForAsync(Infra, db => db.UnmappedCodes.AnyAsync(c => c.Code == Asthma && c.Count == 2), Patience, "the unmapped code counted twice");
        var total = await Infra.QueryAsync(db => db.UnmappedCodes.CountAsync());
        Assert.Equal(52, total);

        await RunScenarioAsync("terminology", new
        {
            importedKind = IndicatorKinds.DomesticAbusePerpetrator,
            importedVersion = "2026-12-01.lead-1",
            importedBy = "terminology-lead",
            builtInKind = IndicatorKinds.MentalHealth,
            unmappedCode = Asthma,
            unmappedCount = 2,
            unmappedTotal = total,
            personal = new[] { CodedPatient.Man.NhsNumber, CodedPatient.Man.Family, CodedPatient.Man.Given, Display(CodedPatient.Man.NhsNumber) },
        });

        // Both pages' reads are recorded as the API records its own: the auditor, the session's purpose, the page asked for.
        var reads = await Infra.QueryAsync(db => db.AuditEntries.Where(e => e.Kind == AuditLog.ApiRead && e.Actor == "auditor-web").ToListAsync());
        var terminology = reads.Where(e => e.Content.Contains("\"endpoint\":\"/terminology\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, terminology.Count);
        Assert.All(terminology, e => Assert.Equal(("audit", "auditor"), (e.Purpose, e.ActorRole)));
        Assert.Contains(terminology, e => e.Content.Contains("\"page\":\"2\"", StringComparison.Ordinal));
    }

    private static string Display(string nhs) => $"{nhs[..3]} {nhs[3..6]} {nhs[6..]}";
}
