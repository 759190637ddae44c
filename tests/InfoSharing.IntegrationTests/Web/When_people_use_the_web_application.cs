using InfoSharing.Data.Audit;
using InfoSharing.Data.Ingest;
using InfoSharing.IntegrationTests.Api;
using InfoSharing.IntegrationTests.Infrastructure;
using InfoSharing.IntegrationTests.People;
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
}
