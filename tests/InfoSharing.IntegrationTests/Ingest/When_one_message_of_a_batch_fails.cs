using InfoSharing.Data.Ingest;
using InfoSharing.Domain.Ingest;
using InfoSharing.Fhir.Feeds;
using InfoSharing.IntegrationTests.Infrastructure;
using InfoSharing.Worker.Features.Ingest;
using InfoSharing.Worker.Features.Ingest.Fhir;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfoSharing.IntegrationTests.Ingest;

public sealed class When_one_message_of_a_batch_fails(InfraFixture infra) : IntegrationTest(infra)
{
    private const string FeedAgency = "testfeed";

    [Fact]
    public async Task Its_neighbours_are_accepted_and_it_alone_is_set_aside()
    {
        var worker = await StartDrivenWorkerAsync(
            services => services.AddSingleton<IFeedHandler>(new FeedWithABug()),
            ($"Messaging:Agencies:{FeedAgency}:Kinds:0", "poison"), ("Messaging:RequireUserId", "false"));
        var processor = worker.Services.GetRequiredService<IngestProcessor>();

        // One batch, as MassTransit would hand it over: four valid bookings about four families and, in the middle,
        // one message our own writing code fails on (a failure that is not the message's fault).
        var deliveries = Enumerable.Range(0, 5).Select(i => Delivery(
            $"batch-{i}",
            i == 2 ? "poison"u8.ToArray() : Examples.Booking(Examples.SyntheticNhs(500 + (2 * i)), Examples.SyntheticNhs(501 + (2 * i)))))
            .ToList();

        var outcomes = await processor.ProcessBatchAsync(deliveries, TestContext.Current.CancellationToken);

        Assert.Equal([IngestOutcome.Accepted, IngestOutcome.Accepted, IngestOutcome.Failed, IngestOutcome.Accepted, IngestOutcome.Accepted], outcomes);
        var stored = await Infra.QueryAsync(db => db.InboundMessages.OrderBy(m => m.MessageId).ToListAsync());
        Assert.Equal(["batch-0", "batch-1", "batch-3", "batch-4"], stored.Where(m => m.Status == InboundStatus.Accepted).Select(m => m.MessageId));
        var poison = Assert.Single(stored, m => m.MessageId == "batch-2");
        Assert.Equal((InboundStatus.Failed, "processing-failed"), (poison.Status, poison.ErrorCode));
        Assert.Contains(nameof(InvalidOperationException), poison.FailureDetail, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), poison.Error, StringComparison.Ordinal);

        // Our bug is not the agency's fault: nothing goes to its rejected queue.
        Assert.Equal(0, await Infra.QueryAsync(db => db.Outbox.CountAsync()));
        Assert.Equal(0, await Infra.QueryAsync(db => db.PersonRecords.CountAsync(r => r.InboundMessageId == poison.Id)));

        // Each valid neighbour wrote its mother, its father and the father's link to the unborn child.
        Assert.Equal(8, await Infra.QueryAsync(db => db.PersonRecords.CountAsync()));
        Assert.Equal(4, await Infra.QueryAsync(db => db.Relationships.CountAsync()));
        Assert.Equal(4, await Infra.QueryAsync(db => db.Children.CountAsync(c => c.InfantPersonId == null)));
    }

    [Fact]
    public async Task A_repeat_inside_the_batch_is_a_duplicate_of_the_first()
    {
        var worker = await StartDrivenWorkerAsync(services => services.AddSingleton<IFeedHandler>(new FeedWithABug()), ($"Messaging:Agencies:{FeedAgency}:Kinds:0", "poison"), ("Messaging:RequireUserId", "false"));
        var processor = worker.Services.GetRequiredService<IngestProcessor>();
        var booking = Examples.Booking(Examples.SyntheticNhs(520), Examples.SyntheticNhs(521));

        var outcomes = await processor.ProcessBatchAsync([Delivery("same", booking), Delivery("same", booking)], TestContext.Current.CancellationToken);

        Assert.Equal([IngestOutcome.Accepted, IngestOutcome.Duplicate], outcomes);
        Assert.Equal(1, await Infra.QueryAsync(db => db.InboundMessages.CountAsync()));
        Assert.Equal(2, await Infra.QueryAsync(db => db.PersonRecords.CountAsync()));
    }

    // The test's own feed has no broker user (deploy/rabbitmq/definitions.json): its deliveries carry no user_id.
    private static InboundDelivery Delivery(string messageId, byte[] body) =>
        new($"{FeedAgency}.poison", body, messageId, "application/fhir+json", null, null, DateTimeOffset.UtcNow, new Dictionary<string, string>(), false);

    /// <summary>The midwifery reader, except that the body "poison" gives an extract the writer cannot write (a bug of ours).</summary>
    private sealed class FeedWithABug : IFeedHandler
    {
        private readonly FhirFeedHandler _midwifery = new("midwifery", FhirFeed.Midwifery, InfoSharing.Domain.Ingest.Limits.MessageLimits.Default);

        public string RoutingKey => $"{FeedAgency}.poison";

        public IReadOnlySet<string> ContentTypes => _midwifery.ContentTypes;

        public AgencyExtract Read(InboundMessage message, InfoSharing.Domain.Terminology.IndicatorTerminology indicators) =>
            message.Body.AsSpan().SequenceEqual("poison"u8)
                ? new AgencyExtract { Contacts = [new ContactStatement("nobody", null, "visit", [])] }
                : _midwifery.Read(message, indicators);
    }
}
