using InfoSharing.IntegrationTests.Infrastructure;
using InfoSharing.Worker.Features.Flags;
using InfoSharing.Worker.Features.Ingest;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfoSharing.IntegrationTests.Flags;

/// <summary>
/// Issue 12: the flag re-evaluator caught only transient errors, so one child whose evaluation threw (a bug, a row
/// it cannot read) stopped the whole worker host, ingest included, on every start. Now that child is set aside with
/// its error and retried with backoff, and the other children of the same batch get their flags.
/// </summary>
public sealed class When_one_childs_evaluation_fails(InfraFixture infra) : IntegrationTest(infra)
{
    [Fact]
    public async Task The_others_in_the_batch_get_their_flags_and_it_is_set_aside_with_its_error()
    {
        var worker = await StartDrivenWorkerAsync();
        await IngestAsync(worker, Examples.Booking(Examples.SyntheticNhs(810), Examples.SyntheticNhs(811)), "isolation-a");
        await IngestAsync(worker, Examples.Booking(Examples.SyntheticNhs(812), Examples.SyntheticNhs(813)), "isolation-b");
        var broken = await ChildOfFatherAsync(Examples.SyntheticNhs(811));
        var healthy = await ChildOfFatherAsync(Examples.SyntheticNhs(813));

        // A row the rules cannot read (stored codings that are not a list), as a bug of ours or a bad migration would leave.
        const string unreadable = "{\"not\": \"a list\"}";
        await Infra.QueryAsync(db => db.Database.ExecuteSqlAsync($"""
            INSERT INTO person.risk_indicators (id, person_id, person_record_id, inbound_message_id, agency, kind, active, recorded_at, codings, entered_in_error, stated_at)
            SELECT gen_random_uuid(), r.person_id, r.id, r.inbound_message_id, 'gp', 'mental-health', true, now(), {unreadable}::jsonb, false, now()
            FROM person.person_records r WHERE r.nhs_number = {Examples.SyntheticNhs(811)}
            """));

        var stage = worker.Services.GetRequiredService<FlagStage>();
        var evaluated = await stage.ProcessOnceAsync(50, TestContext.Current.CancellationToken);

        Assert.Equal(1, evaluated);
        Assert.NotEmpty(await Infra.QueryAsync(db => db.Flags.Where(f => f.ChildId == healthy).ToListAsync()));
        Assert.Empty(await Infra.QueryAsync(db => db.Flags.Where(f => f.ChildId == broken).ToListAsync()));
        var failure = await Infra.QueryAsync(db => db.EvaluationFailures.SingleAsync());
        Assert.Equal(broken, failure.ChildId);
        Assert.Equal(1, failure.Attempts);
        Assert.Contains("JsonException", failure.Error, StringComparison.Ordinal);
        Assert.True(failure.NextAttemptAt > failure.FailedAt);

        // Its requests are kept for the retry; until the backoff has passed it is not taken again, and nothing else waits.
        Assert.NotEmpty(await Infra.QueryAsync(db => db.EvaluationRequests.Where(r => r.ChildId == broken).ToListAsync()));
        Assert.Empty(await Infra.QueryAsync(db => db.EvaluationRequests.Where(r => r.ChildId == healthy).ToListAsync()));
        Assert.Equal(0, await stage.ProcessOnceAsync(50, TestContext.Current.CancellationToken));

        // Once the fault is mended (here: the row corrected) and the backoff has passed, the child gets its flags.
        await Infra.QueryAsync(db => db.Database.ExecuteSqlAsync($"UPDATE person.risk_indicators SET codings = NULL WHERE codings = {unreadable}::jsonb"));
        await Infra.QueryAsync(db => db.Database.ExecuteSqlAsync($"UPDATE flags.evaluation_failures SET next_attempt_at = now() - interval '1 second'"));
        Assert.Equal(1, await stage.ProcessOnceAsync(50, TestContext.Current.CancellationToken));
        Assert.NotEmpty(await Infra.QueryAsync(db => db.Flags.Where(f => f.ChildId == broken).ToListAsync()));
        Assert.Equal(0, await Infra.QueryAsync(db => db.EvaluationFailures.CountAsync()));
    }

    private Task<Guid> ChildOfFatherAsync(string fatherNhs) => Infra.QueryAsync(db =>
        (from r in db.Relationships
         join p in db.PersonRecords on r.PersonId equals p.PersonId
         where p.NhsNumber == fatherNhs
         select r.ChildId).Distinct().SingleAsync());

    private async Task IngestAsync(WebApplication worker, byte[] body, string messageId)
    {
        var delivery = new InboundDelivery(
            "midwifery.fhir", body, messageId, "application/fhir+json", null, Infra.BrokerUser("midwifery"), DateTimeOffset.UtcNow,
            new Dictionary<string, string>(), false);
        Assert.Equal(IngestOutcome.Accepted, await worker.Services.GetRequiredService<IngestProcessor>().ProcessAsync(delivery, TestContext.Current.CancellationToken));
    }
}
