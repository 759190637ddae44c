using System.Net;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace InfoSharing.IntegrationTests.Ingest;

public sealed class When_the_broker_drops_the_workers_consumers(InfraFixture infra) : IntegrationTest(infra)
{
    [Fact]
    public async Task A_closed_connection_is_recovered_and_the_next_message_is_processed()
    {
        var worker = await StartWorkerAsync();

        // The management API lists a new connection once its statistics are emitted: ask until it does.
        var deadline = DateTime.UtcNow + Patience;
        while (await Infra.CloseConnectionsAsync("InfoSharing.Worker") == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The worker's connections were never listed by the broker.");
            await Task.Delay(500);
        }

        await Agency.WaitForConsumerAsync("ingest.midwifery", Patience);
        await WaitReadyAsync(worker, HttpStatusCode.OK);
        await Agency.PublishAsync("midwifery.fhir", Examples.Booking(), "after-the-connection-closed");

        // Consumed and stored by the recovered consumer (the outbox dispatcher's own recovery is tested with it).
        await Api.Publishing.WaitForAsync(
            Infra, db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.InboundMessages, m => m.MessageId == "after-the-connection-closed" && m.Status == Data.Ingest.InboundStatus.Accepted),
            Patience, "the message sent after the connection closed to be accepted");
    }

    [Fact]
    public async Task A_consumer_the_broker_cancels_on_an_open_channel_comes_back()
    {
        var worker = await StartWorkerAsync();

        // Deleting the queue cancels its consumer on its channel; the connection stays up.
        await Infra.DeleteQueueAsync("ingest.midwifery");

        await Agency.WaitForConsumerAsync("ingest.midwifery", TimeSpan.FromMinutes(1));
        await WaitReadyAsync(worker, HttpStatusCode.OK);
        await Agency.PublishAsync("midwifery.fhir", Examples.Booking(), "after-the-consumer-was-cancelled");
        Assert.NotNull(await Agency.ReceiveAsync("flags.health-visiting", Patience));
    }

    [Fact]
    public async Task Readiness_names_a_feed_without_a_live_consumer_until_it_has_one()
    {
        // A classic queue left from an older deployment: the worker cannot declare its quorum queue over it.
        await using (var broker = await Broker.ConnectAsync(Infra))
        {
            await broker.DeclareClassicQueueAsync("ingest.legacy");
        }

        var worker = await StartWorkerAsync(("Messaging:Agencies:legacy:Kinds:0", "fhir"));
        var notReady = await WaitReadyAsync(worker, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("ingest.legacy", notReady, StringComparison.Ordinal);

        // The documented migration: the old queue is removed (once drained); the worker declares its own and consumes.
        await Infra.DeleteQueueAsync("ingest.legacy");
        await WaitReadyAsync(worker, HttpStatusCode.OK, TimeSpan.FromMinutes(2));
        await Agency.WaitForConsumerAsync("ingest.legacy", Patience);
    }

    private static async Task<string> WaitReadyAsync(WebApplication worker, HttpStatusCode expected, TimeSpan? patience = null)
    {
        var address = worker.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        var deadline = DateTime.UtcNow + (patience ?? Patience);
        while (true)
        {
            using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == expected)
            {
                return body;
            }

            Assert.True(DateTime.UtcNow < deadline, $"/health/ready stayed {response.StatusCode}: {body}");
            await Task.Delay(250);
        }
    }
}
