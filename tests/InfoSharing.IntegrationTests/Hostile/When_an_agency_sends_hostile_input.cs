using InfoSharing.Data.Ingest;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.IntegrationTests.Hostile;

/// <summary>
/// Each hostile body goes through the real broker to a real worker (hosted in this test process: a stack overflow
/// would end the run), is rejected with its own code on the sender's rejected queue, and the valid message sent after
/// it on the same queue is accepted.
/// </summary>
public sealed class When_an_agency_sends_hostile_input(InfraFixture infra) : IntegrationTest(infra)
{
    public static TheoryData<string> Cases => new(HostileCase.All.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task It_is_rejected_with_its_code_and_the_next_valid_message_is_accepted(string name)
    {
        var hostile = HostileCase.All.Single(c => c.Name == name);
        await StartWorkerAsync(("Messaging:ConsumerConcurrency", "1"), ("Messaging:Prefetch", "1"));
        var body = hostile.Body();
        var (goodBody, goodContentType, goodType) = hostile.Follower();

        await Agency.PublishAsync(hostile.RoutingKey, body, "hostile-" + name, hostile.ContentType, type: hostile.Type);
        await Agency.PublishAsync(hostile.RoutingKey, goodBody, "valid-after-" + name, goodContentType, type: goodType);

        var rejected = await Agency.ReceiveAsync($"ingest.rejected.{hostile.Agency}", Patience);
        Assert.NotNull(rejected);
        Assert.Equal(("hostile-" + name, hostile.Code), (rejected.MessageId, rejected.Headers["x-infosharing-error-code"]));
        var stored = await Infra.QueryAsync(db => db.InboundMessages.SingleAsync(m => m.MessageId == "hostile-" + name));
        Assert.Equal((InboundStatus.Rejected, hostile.Code), (stored.Status, stored.ErrorCode));
        Assert.Equal(0, await Infra.QueryAsync(db => db.PersonRecords.CountAsync(r => r.InboundMessageId == stored.Id)));

        var deadline = DateTime.UtcNow + Patience;
        InboundMessage? next = null;
        while (next is null && DateTime.UtcNow < deadline)
        {
            next = await Infra.QueryAsync(db => db.InboundMessages.SingleOrDefaultAsync(m => m.MessageId == "valid-after-" + name));
            await Task.Delay(next is null ? 100 : 0);
        }

        Assert.NotNull(next);
        Assert.Equal(InboundStatus.Accepted, next.Status);
        Assert.Null(await Agency.ReceiveAsync($"ingest.rejected.{hostile.Agency}", TimeSpan.FromMilliseconds(200)));
    }
}
