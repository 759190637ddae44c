using InfoSharing.Data.Ingest;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.IntegrationTests.Feeds;

public sealed class When_every_contract_example_is_sent_through_the_broker(InfraFixture infra) : IntegrationTest(infra)
{
    public static TheoryData<ContractExample> Files => new(ContractExamples.All());

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Each_is_accepted_and_mapped(ContractExample example)
    {
        ArgumentNullException.ThrowIfNull(example);
        await StartWorkerAsync();

        await Agency.PublishAsync(example.RoutingKey, ContractExamples.Body(example), "example-" + example.File, example.ContentType, type: example.MessageType);

        var stored = await WaitForMessageAsync("example-" + example.File);
        Assert.True(stored.Status == InboundStatus.Accepted, $"{example.File} was rejected: {stored.ErrorCode}: {stored.Error}");
        Assert.True(await Infra.QueryAsync(db => db.PersonRecords.AnyAsync(r => r.InboundMessageId == stored.Id)), $"{example.File} gave no person record.");
        Assert.Equal(0u, await Agency.CountAsync($"ingest.rejected.{example.RoutingKey.Split('.')[0]}"));
    }

    [Fact]
    public async Task Every_feed_has_examples_and_what_each_says_lands_where_it_belongs()
    {
        await StartWorkerAsync();
        var examples = ContractExamples.All();
        Assert.Equal(
            ["gp.fhir", "health-visiting.fhir", "housing.household", "marac.case", "midwifery.fhir"],
            examples.Select(e => e.RoutingKey).Distinct().Order(StringComparer.Ordinal));

        foreach (var example in examples)
        {
            await Agency.PublishAsync(example.RoutingKey, ContractExamples.Body(example), "all-" + example.File, example.ContentType, type: example.MessageType);
        }

        var deadline = DateTime.UtcNow + Patience;
        var stored = new List<string?>();
        while (stored.Count < examples.Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            stored = await Infra.QueryAsync(db => db.InboundMessages.Select(m => m.MessageId).ToListAsync());
        }

        var missing = examples.Select(e => "all-" + e.File).Except(stored).ToList();
        Assert.True(missing.Count == 0, "Not processed in time: " + string.Join(", ", missing));
        var rejected = await Infra.QueryAsync(db => db.InboundMessages.Where(m => m.Status != InboundStatus.Accepted).Select(m => m.MessageId + ": " + m.Error).ToListAsync());
        Assert.True(rejected.Count == 0, "Rejected: " + string.Join(" | ", rejected));

        // Each feed's content reaches its own tables.
        Assert.True(await Infra.QueryAsync(db => db.Households.AnyAsync(h => h.Agency == "housing")));
        Assert.True(await Infra.QueryAsync(db => db.MaracCaseEvents.AnyAsync()));
        Assert.True(await Infra.QueryAsync(db => db.RiskIndicators.AnyAsync(i => i.Agency == "gp")));
        Assert.True(await Infra.QueryAsync(db => db.RiskIndicators.AnyAsync(i => i.Agency == "marac" && i.Kind == "domestic-abuse-perpetrator")));
        Assert.True(await Infra.QueryAsync(db => db.Contacts.AnyAsync(c => c.Agency == "health-visiting")));
        Assert.True(await Infra.QueryAsync(db => db.Appointments.AnyAsync(a => a.NotAttended)));
        Assert.True(await Infra.QueryAsync(db => db.Relationships.AnyAsync(r => r.Type == "non-resident-carer")));
        Assert.True(await Infra.QueryAsync(db => db.Children.AnyAsync(c => c.InfantPersonId != null && c.MotherPersonId != null)));
    }

    private async Task<InboundMessage> WaitForMessageAsync(string messageId)
    {
        InboundMessage? stored = null;
        await WaitUntilAsync(async () => (stored = await Infra.QueryAsync(db => db.InboundMessages.AsNoTracking().FirstOrDefaultAsync(m => m.MessageId == messageId))) is not null);
        return stored!;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? Patience);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold in time.");
            await Task.Delay(100);
        }
    }
}
