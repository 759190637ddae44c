using InfoSharing.IntegrationTests.Infrastructure;
using InfoSharing.Worker.Features.Flags;
using InfoSharing.Worker.Features.Ingest;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfoSharing.IntegrationTests.Flags;

public sealed class When_many_messages_change_one_childs_picture(InfraFixture infra) : IntegrationTest(infra)
{
    [Fact]
    public async Task The_child_is_evaluated_once_with_the_same_flags_as_one_message_at_a_time()
    {
        var worker = await StartDrivenWorkerAsync();
        var examples = ContractExamples.All();

        // All the contract examples (one family, before and after birth) arrive before the flags stage runs.
        foreach (var example in examples)
        {
            await IngestAsync(worker, example);
        }

        var requests = await Infra.QueryAsync(db => db.EvaluationRequests.GroupBy(r => r.ChildId).Select(g => g.Count()).ToListAsync());
        Assert.True(requests.Max() >= 10, $"The busiest child had {requests.Max()} requests.");
        var evaluated = await worker.Services.GetRequiredService<FlagStage>().ProcessOnceAsync(50, TestContext.Current.CancellationToken);

        Assert.Equal(requests.Count, evaluated);
        Assert.Equal(0, await Infra.QueryAsync(db => db.EvaluationRequests.CountAsync()));
        Assert.All(await Infra.QueryAsync(db => db.Flags.ToListAsync()), f => Assert.Equal(1, f.Version));
        var coalesced = await FlagStateAsync();
        Assert.NotEmpty(coalesced);

        // The same messages again, the rules run after each one.
        await Infra.ResetAsync();
        foreach (var example in examples)
        {
            await IngestAsync(worker, example);
            while (await worker.Services.GetRequiredService<FlagStage>().ProcessOnceAsync(50, TestContext.Current.CancellationToken) > 0)
            {
            }
        }

        Assert.Equal(coalesced, await FlagStateAsync());
    }

    private async Task IngestAsync(WebApplication worker, ContractExample example)
    {
        // As the broker delivers it: user_id is the agency's own broker user.
        var delivery = new InboundDelivery(
            example.RoutingKey, ContractExamples.Body(example), "example-" + example.File, example.ContentType, example.MessageType,
            Infra.BrokerUser(example.RoutingKey.Split('.')[0]), DateTimeOffset.UtcNow,
            new Dictionary<string, string>(), false);
        Assert.Equal(IngestOutcome.Accepted, await worker.Services.GetRequiredService<IngestProcessor>().ProcessAsync(delivery, TestContext.Current.CancellationToken));
    }

    /// <summary>Every flag as a subscriber would know it: code, status, the man's NHS number and the mother's.</summary>
    private Task<List<string>> FlagStateAsync() => Infra.QueryAsync(async db =>
        (await (from f in db.Flags
                join c in db.Children on f.ChildId equals c.Id
                join mother in db.Persons on c.MotherPersonId equals mother.Id into mothers
                from mother in mothers.DefaultIfEmpty()
                join man in db.Persons on f.PersonId equals man.Id into men
                from man in men.DefaultIfEmpty()
                select f.Code + "|" + f.Status + "|" + (man == null ? "-" : man.NhsNumber ?? "?") + "|" + (mother == null ? "-" : mother.NhsNumber ?? "?"))
            .ToListAsync()).Order(StringComparer.Ordinal).ToList());
}
