using InfoSharing.Data.Ingest;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.IntegrationTests.Identity;

/// <summary>
/// Housing's broker user, connected as a compromised housing system would be, tries to publish as MARAC. The broker
/// refuses it (topic permissions, user_id); where the broker has been misconfigured, InfoSharing still refuses it,
/// and the rejection is housing's own: it goes to housing's rejected queue and uses none of MARAC's message ids.
/// </summary>
public sealed class When_an_agency_tries_to_speak_for_another(InfraFixture infra) : IntegrationTest(infra)
{
    private const string MaracListed = "contracts/examples/marac/case-listed-victim-pregnant.json";
    private const string ListedType = "marac.case-listed.v1";

    private const string MaracClosed = "contracts/examples/marac/case-closed.json";
    private const string ClosedType = "marac.case-closed.v1";

    /// <summary>What a spoofer would plant: a listing naming an alleged perpetrator.</summary>
    private static byte[] Listing() => File.ReadAllBytes(Examples.Path(MaracListed));

    /// <summary>What MARAC itself sends in these tests (a lighter message than a listing).</summary>
    private static byte[] Closure() => File.ReadAllBytes(Examples.Path(MaracClosed));

    [Fact]
    public async Task The_broker_refuses_a_routing_key_of_another_agency()
    {
        await StartWorkerAsync();

        var refused = await Record.ExceptionAsync(() => Agency.PublishAsAsync("housing", setUserId: true, "marac.case", Listing(), "spoof-1", "application/json", ListedType));

        Assert.NotNull(refused);
        Assert.Contains("ACCESS_REFUSED", refused.ToString(), StringComparison.Ordinal);
        await Agency.PublishAsync("marac.case", Closure(), "real-1", "application/json", ClosedType);
        await WaitForInboundAsync("real-1");
        Assert.Equal(0, await Infra.QueryAsync(db => db.InboundMessages.CountAsync(m => m.MessageId == "spoof-1")));
    }

    [Fact]
    public async Task The_broker_refuses_a_user_id_that_is_not_the_connections_user()
    {
        await StartWorkerAsync();

        var refused = await Record.ExceptionAsync(() =>
            Agency.PublishAsAsync("housing", setUserId: false, "housing.household", Listing(), "spoof-2", "application/json", ListedType, userId: Infra.BrokerUser("marac")));

        Assert.NotNull(refused);
        Assert.Contains("PRECONDITION_FAILED", refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_that_may_only_read_cannot_publish_at_all()
    {
        await StartWorkerAsync();

        var refused = await Record.ExceptionAsync(() =>
            Agency.PublishAsAsync("childrens-social-care", setUserId: true, "midwifery.fhir", Examples.Booking(), "from-a-subscriber"));

        Assert.NotNull(refused);
        Assert.Contains("ACCESS_REFUSED", refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_topic_permissions_infosharing_still_refuses_and_the_rejection_is_the_senders_alone()
    {
        // A misconfigured broker: housing's topic permission is missing, so the broker lets it publish marac.case.
        await RemoveTopicPermissionsAsync("housing");
        await StartWorkerAsync(("Messaging:ConsumerConcurrency", "1"), ("Messaging:Prefetch", "1"));
        var body = Listing();

        await Agency.PublishAsAsync("housing", setUserId: true, "marac.case", body, "case-0042", "application/json", ListedType);

        var rejected = await Agency.ReceiveAsync("ingest.rejected.housing", Patience);
        Assert.NotNull(rejected);
        Assert.Equal(("case-0042", "user-id-mismatch"), (rejected.MessageId, rejected.Headers["x-infosharing-error-code"]));
        Assert.Equal("marac.case", rejected.Headers["x-infosharing-routing-key"]);
        Assert.Null(await Agency.ReceiveAsync("ingest.rejected.marac", TimeSpan.FromMilliseconds(500)));
        var stored = await Infra.QueryAsync(db => db.InboundMessages.SingleAsync(m => m.MessageId == "case-0042"));
        Assert.Equal(("housing", InboundStatus.Rejected), (stored.Agency, stored.Status));

        // MARAC's own message with the same id is MARAC's first, not a duplicate of housing's attempt.
        await Agency.PublishAsync("marac.case", Closure(), "case-0042", "application/json", ClosedType);
        var marac = await WaitForInboundAsync("case-0042", "marac");
        Assert.Equal(InboundStatus.Accepted, marac.Status);
        Assert.Equal(0, await Infra.QueryAsync(db => db.PersonRecords.CountAsync(r => r.InboundMessageId == stored.Id)));
    }

    [Fact]
    public async Task Another_agencys_message_ids_replayed_are_the_replayers_own_and_change_nothing_of_the_other()
    {
        await StartWorkerAsync(("Messaging:ConsumerConcurrency", "1"), ("Messaging:Prefetch", "1"));
        await Agency.PublishAsync("marac.case", Closure(), "shared-id-1", "application/json", ClosedType);
        var marac = await WaitForInboundAsync("shared-id-1", "marac");

        // Housing reuses the id (it may have read it anywhere): its message is its own, under its own inbox key.
        await Agency.PublishAsync("housing.household", File.ReadAllBytes(Examples.Path("contracts/examples/housing/household-partner-moved-in.json")), "shared-id-1", "application/json", "housing.household-changed.v1");
        var housing = await WaitForInboundAsync("shared-id-1", "housing");

        Assert.Equal((InboundStatus.Accepted, InboundStatus.Accepted), (marac.Status, housing.Status));
        var maracNow = await Infra.QueryAsync(db => db.InboundMessages.SingleAsync(m => m.Id == marac.Id));
        Assert.Equal(marac.Status, maracNow.Status);
        Assert.Equal(marac.Body, maracNow.Body);
    }

    private async Task<InboundMessage> WaitForInboundAsync(string messageId, string? agency = null)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            var found = await Infra.QueryAsync(db => db.InboundMessages.AsNoTracking()
                .SingleOrDefaultAsync(m => m.MessageId == messageId && (agency == null || m.Agency == agency)));
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Message {messageId} of {agency ?? "any agency"} was not stored.");
    }

    private Task RemoveTopicPermissionsAsync(string name) => Infra.Definitions.RemoveTopicPermissionsAsync(name);
}
