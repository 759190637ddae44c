using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Hl7.Fhir.Serialization;
using InfoSharing.Data.Ingest;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.IntegrationTests.Scenarios;

/// <summary>One flag message as a subscriber read it off its queue.</summary>
public sealed record FlagDelivery(string Subscriber, string Code, string Event, Flag.FlagStatus? Status, bool Restricted, Bundle Bundle, string Text);

/// <summary>
/// A scenario runs the real worker with all five subscribers configured as a partnership would: health visiting
/// (every field, from Hosts), midwifery and GP (the man's name), children's social care (name and NHS number), and
/// housing, a channel that may reach an alleged perpetrator, taking the two flags about who is around the baby.
/// Every subscriber takes the catalogue's defaults except housing, which no catalogue default names.
/// </summary>
public abstract class ScenarioTest(InfraFixture infra) : IntegrationTest(infra)
{
    public static readonly string[] Subscribers = ["health-visiting", "midwifery", "gp", "childrens-social-care", "housing"];

    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private readonly Dictionary<string, List<FlagDelivery>> _received = Subscribers.ToDictionary(s => s, _ => new List<FlagDelivery>());

    protected Task<Microsoft.AspNetCore.Builder.WebApplication> StartPartnershipWorkerAsync() => StartWorkerAsync(
        ("Messaging:Subscribers:midwifery:Fields:0", "man.name"),
        ("Messaging:Subscribers:gp:Fields:0", "man.name"),
        ("Messaging:Subscribers:childrens-social-care:Fields:0", "man.name"),
        ("Messaging:Subscribers:childrens-social-care:Fields:1", "man.nhsNumber"),
        ("Messaging:Subscribers:housing:FlagCodes:0", "significant-male-linked"),
        ("Messaging:Subscribers:housing:FlagCodes:1", "linked-male-non-resident-carer"),
        ("Messaging:Subscribers:housing:MayReachAllegedPerpetrator", "true"));

    /// <summary>
    /// Publishes as the agency's feed would, then waits until the worker has accepted it, the flags stage has evaluated
    /// every child it changed, and every flag message that gave is published.
    /// </summary>
    protected async Task SendAsync(
        string routingKey, byte[] body, string messageId, string? type = null, DateTimeOffset? sentAt = null)
    {
        var contentType = routingKey.EndsWith(".fhir", StringComparison.Ordinal) ? "application/fhir+json" : "application/json";
        await Agency.PublishAsync(routingKey, body, messageId, contentType, type: type, timestamp: sentAt);
        var deadline = DateTime.UtcNow + Patience;
        InboundMessage? stored = null;
        while ((stored = await Infra.QueryAsync(db => db.InboundMessages.AsNoTracking().FirstOrDefaultAsync(m => m.MessageId == messageId))) is null
            || await Infra.QueryAsync(db => db.EvaluationRequests.AnyAsync())
            || await Infra.QueryAsync(db => db.Outbox.AnyAsync(o => o.SentAt == null)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{messageId} was not processed and its flags published in time: " + await StateAsync());
            await System.Threading.Tasks.Task.Delay(100);
        }

        Assert.True(stored.Status == InboundStatus.Accepted, $"{messageId} was rejected: {stored.ErrorCode}: {stored.Error}");
    }

    private Task<string> StateAsync() => Infra.QueryAsync(async db =>
        $"stored {await db.InboundMessages.CountAsync()}, evaluation requests {await db.EvaluationRequests.CountAsync()}, "
        + $"failed evaluations [{string.Join("; ", await db.EvaluationFailures.Select(f => f.Error).ToListAsync())}], unsent outbox {await db.Outbox.CountAsync(o => o.SentAt == null)}");

    /// <summary>Reads every subscriber's queue until it is idle; returns what each has received since the scenario began.</summary>
    protected async Task<IReadOnlyDictionary<string, List<FlagDelivery>>> ReadAllQueuesAsync()
    {
        var deserializer = new FhirJsonDeserializer(new DeserializerSettings());
        foreach (var subscriber in Subscribers)
        {
            while (await Agency.ReceiveAsync($"flags.{subscriber}", Quiet) is { } message)
            {
                Assert.True(deserializer.TryDeserializeResource(message.Text, out var resource, out var issues), string.Join("; ", issues ?? []));
                var bundle = Assert.IsType<Bundle>(resource);
                var flag = bundle.Entry.Select(e => e.Resource).OfType<Flag>().Single();
                Assert.Equal(subscriber, bundle.Entry.Select(e => e.Resource).OfType<MessageHeader>().Single().Destination.Single().Name);
                var restricted = bundle.Meta?.Security.Any(s => s.Code == "R") == true && flag.Meta?.Security.Any(s => s.Code == "R") == true;
                _received[subscriber].Add(new FlagDelivery(subscriber, flag.Code.Coding.Single().Code ?? string.Empty, message.Type ?? string.Empty, flag.Status, restricted, bundle, message.Text));
            }
        }

        return _received;
    }

    /// <summary>
    /// Asserts exactly which flag codes each subscriber has received (every subscriber not named received nothing),
    /// and the partnership's rules for domestic abuse: a DA-derived flag always carries the restricted label and never
    /// reaches a channel that may reach the perpetrator, which never sees the mother's NHS number in one.
    /// </summary>
    protected async Task AssertEachSubscriberReceivedAsync(IReadOnlyDictionary<string, string[]> expected, string? motherNhs = null)
    {
        var received = await ReadAllQueuesAsync();
        foreach (var subscriber in Subscribers)
        {
            var codes = received[subscriber].Select(d => d.Code).Distinct().Order(StringComparer.Ordinal).ToArray();
            var want = expected.GetValueOrDefault(subscriber, []).Order(StringComparer.Ordinal).ToArray();
            Assert.True(want.SequenceEqual(codes), $"{subscriber}: expected [{string.Join(", ", want)}], received [{string.Join(", ", received[subscriber].Select(d => $"{d.Code} {d.Event}"))}]");
        }

        foreach (var delivery in received.Values.SelectMany(d => d).Where(d => IsDomesticAbuse(d.Code)))
        {
            Assert.True(delivery.Restricted, $"{delivery.Code} to {delivery.Subscriber} has no restricted security label.");
            Assert.NotEqual("housing", delivery.Subscriber);
            if (motherNhs is not null && delivery.Subscriber == "housing")
            {
                Assert.DoesNotContain(motherNhs, delivery.Text, StringComparison.Ordinal);
            }
        }

        Assert.DoesNotContain(received["housing"], d => IsDomesticAbuse(d.Code));
    }

    /// <summary>Every message a subscriber received since the scenario began, of any code.</summary>
    protected IReadOnlyList<FlagDelivery> ReceivedAll(string subscriber) => _received[subscriber];

    /// <summary>The events a subscriber received for one code, in order (flag-raised, flag-updated, flag-withdrawn).</summary>
    protected IReadOnlyList<FlagDelivery> Received(string subscriber, string code) => _received[subscriber].Where(d => d.Code == code).ToList();

    private static bool IsDomesticAbuse(string code) => code is "linked-male-domestic-abuse" or "abusive-partner-contact-resumed";
}
