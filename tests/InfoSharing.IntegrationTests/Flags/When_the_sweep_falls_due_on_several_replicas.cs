using InfoSharing.Data.Flags;
using InfoSharing.IntegrationTests.Infrastructure;
using InfoSharing.Worker.Features.Flags;
using InfoSharing.Worker.Features.Ingest;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfoSharing.IntegrationTests.Flags;

/// <summary>
/// Issue 12: the periodic sweep (rules that move with time) kept its schedule in each process's memory, so every
/// replica swept, and every restart swept again. Now the schedule is a row in flags.scheduled_jobs that one replica
/// claims when it is due.
/// </summary>
public sealed class When_the_sweep_falls_due_on_several_replicas(InfraFixture infra) : IntegrationTest(infra)
{
    [Fact]
    public async Task One_replica_sweeps_once_and_a_restarted_one_keeps_to_the_stored_schedule()
    {
        var first = await StartDrivenWorkerAsync();
        var second = await StartDrivenWorkerAsync();
        var delivery = new InboundDelivery(
            "midwifery.fhir", Examples.Booking(), "sweep-1", "application/fhir+json", null, Infra.BrokerUser("midwifery"), DateTimeOffset.UtcNow,
            new Dictionary<string, string>(), false);
        Assert.Equal(IngestOutcome.Accepted, await first.Services.GetRequiredService<IngestProcessor>().ProcessAsync(delivery, TestContext.Current.CancellationToken));
        var children = await Infra.QueryAsync(db => db.Children.CountAsync());
        Assert.True(children > 0);
        await Infra.QueryAsync(db => db.Database.ExecuteSqlAsync(
            $"INSERT INTO flags.scheduled_jobs (name, next_run_at) VALUES ({ScheduledJob.Sweep}, now() - interval '1 minute')"));

        var claims = await Task.WhenAll(
            first.Services.GetRequiredService<FlagStage>().TrySweepAsync(TestContext.Current.CancellationToken),
            second.Services.GetRequiredService<FlagStage>().TrySweepAsync(TestContext.Current.CancellationToken));

        Assert.Single(claims, claimed => claimed);
        Assert.Equal(children, await Infra.QueryAsync(db => db.EvaluationRequests.CountAsync(r => r.Cause == FlagRequests.Sweep)));
        var job = await Infra.QueryAsync(db => db.ScheduledJobs.SingleAsync());
        Assert.Equal(children, job.LastChildren);
        Assert.InRange(job.NextRunAt - job.LastRunAt!.Value, TimeSpan.FromHours(6) - TimeSpan.FromSeconds(1), TimeSpan.FromHours(6) + TimeSpan.FromSeconds(1));

        // Not due again on either, nor on a replica started afresh: the schedule is the stored one, not the process's.
        Assert.False(await first.Services.GetRequiredService<FlagStage>().TrySweepAsync(TestContext.Current.CancellationToken));
        await StopAsync(second);
        var restarted = await StartDrivenWorkerAsync();
        Assert.False(await restarted.Services.GetRequiredService<FlagStage>().TrySweepAsync(TestContext.Current.CancellationToken));
        Assert.Equal(children, await Infra.QueryAsync(db => db.EvaluationRequests.CountAsync(r => r.Cause == FlagRequests.Sweep)));

        // When it falls due, the next sweep is claimed once more.
        await Infra.QueryAsync(db => db.Database.ExecuteSqlAsync($"UPDATE flags.scheduled_jobs SET next_run_at = now() - interval '1 second'"));
        Assert.True(await restarted.Services.GetRequiredService<FlagStage>().TrySweepAsync(TestContext.Current.CancellationToken));
    }
}
