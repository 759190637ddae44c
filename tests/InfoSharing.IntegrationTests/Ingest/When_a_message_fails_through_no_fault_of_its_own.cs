using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoSharing.Api.Auth;
using InfoSharing.Data.Ingest;
using InfoSharing.Domain.Ingest;
using InfoSharing.Fhir.Feeds;
using InfoSharing.IntegrationTests.Api;
using InfoSharing.IntegrationTests.Infrastructure;
using InfoSharing.Worker.Features.Ingest;
using InfoSharing.Worker.Features.Ingest.Fhir;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfoSharing.IntegrationTests.Ingest;

public sealed class When_a_message_fails_through_no_fault_of_its_own(InfraFixture infra) : IntegrationTest(infra)
{
    private const string FeedAgency = "buggyfeed";

    [Fact]
    public async Task It_is_set_aside_as_failed_not_rejected_and_the_agency_is_told_the_difference()
    {
        var bug = new Bug();
        await StartWorkerWithTheBugAsync(bug);
        var api = await StartApiAsync();

        await Agency.PublishAsync($"{FeedAgency}.fhir", Examples.Booking(), "hit-by-our-bug");
        await Agency.PublishAsync($"{FeedAgency}.fhir", Encoding("{\"resourceType\": "), "really-bad");

        var rejected = await Agency.ReceiveAsync($"ingest.rejected.{FeedAgency}", Patience);
        Assert.NotNull(rejected);
        Assert.Equal("really-bad", rejected.MessageId);
        await Publishing.WaitForAsync(Infra, db => db.InboundMessages.AnyAsync(m => m.MessageId == "hit-by-our-bug"), Patience, "the failed message to be kept");
        Assert.Null(await Agency.ReceiveAsync($"ingest.rejected.{FeedAgency}", TimeSpan.FromSeconds(1)));

        using var status = await api.SendAsync(Get($"/api/ingest/{FeedAgency}/messages/hit-by-our-bug", ApiCalls.Token(Roles.Agency, FeedAgency)));
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        using var body = JsonDocument.Parse(await status.Content.ReadAsStringAsync());
        Assert.Equal("failed", body.RootElement.GetProperty("status").GetString());
        Assert.Contains("no need to send it again", body.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), body.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);

        // The operator sees it with its error, fixes the fault, and asks for it to be processed again.
        using var list = await api.SendAsync(Get("/api/admin/ingest/failed", ApiCalls.Token(Roles.Admin)));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        using var listed = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
        var item = Assert.Single(listed.RootElement.GetProperty("page").GetProperty("items").EnumerateArray());
        Assert.Contains(nameof(InvalidOperationException), item.GetProperty("failureDetail").GetString(), StringComparison.Ordinal);

        bug.Fixed = true;
        using var replay = new HttpRequestMessage(HttpMethod.Post, "/api/admin/ingest/failed/replay") { Content = JsonContent.Create(new { agency = FeedAgency }) };
        replay.Headers.Authorization = new("Bearer", ApiCalls.Token(Roles.Admin));
        using var replayed = await api.SendAsync(replay);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);

        await Publishing.WaitForAsync(Infra, db => db.InboundMessages.AnyAsync(m => m.MessageId == "hit-by-our-bug" && m.Status == InboundStatus.Accepted), Patience, "the replayed message to be accepted");
        Assert.NotNull(await Agency.ReceiveAsync("flags.health-visiting", Patience));
        Assert.Equal(1, await Infra.QueryAsync(db => db.InboundMessages.CountAsync(m => m.MessageId == "hit-by-our-bug")));
    }

    [Fact]
    public async Task The_replay_command_processes_what_was_set_aside_once_the_fault_is_fixed()
    {
        var bug = new Bug();
        var worker = await StartWorkerWithTheBugAsync(bug, ("Replay:Enabled", "false"));
        await Agency.PublishAsync($"{FeedAgency}.fhir", Examples.Booking(), "set-aside");
        await Publishing.WaitForAsync(Infra, db => db.InboundMessages.AnyAsync(m => m.MessageId == "set-aside" && m.Status == InboundStatus.Failed), Patience, "the message to be set aside");
        var processor = worker.Services.GetRequiredService<IngestProcessor>();

        var again = await processor.ReplayAsync(FeedAgency, requestedOnly: false, limit: 10, TestContext.Current.CancellationToken);
        Assert.Equal(IngestOutcome.Failed, Assert.Single(again).Outcome);

        bug.Fixed = true;
        var replayed = await processor.ReplayAsync(FeedAgency, requestedOnly: false, limit: 10, TestContext.Current.CancellationToken);

        Assert.Equal(IngestOutcome.Accepted, Assert.Single(replayed).Outcome);
        var stored = await Infra.QueryAsync(db => db.InboundMessages.SingleAsync(m => m.MessageId == "set-aside"));
        Assert.Equal(InboundStatus.Accepted, stored.Status);
        Assert.Equal(2, await Infra.QueryAsync(db => db.PersonRecords.CountAsync(r => r.InboundMessageId == stored.Id)));
    }

    private async Task<Microsoft.AspNetCore.Builder.WebApplication> StartWorkerWithTheBugAsync(Bug bug, params (string, string)[] overrides)
    {
        var worker = await Hosts.StartWorkerAsync(
            Infra,
            services => services.AddSingleton<IFeedHandler>(new FeedWithABug(bug)),
            // The test's own feed has no broker user (deploy/rabbitmq/definitions.json): it is published without user_id.
            [($"Messaging:Agencies:{FeedAgency}:Kinds:0", "fhir"), ("Messaging:RequireUserId", "false"), ("Replay:PollInterval", "00:00:00.200"), .. overrides]);
        Track(worker);
        await Agency.WaitForConsumerAsync($"ingest.{FeedAgency}", Patience);
        return worker;
    }

    private static byte[] Encoding(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private static HttpRequestMessage Get(string path, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new("Bearer", token);
        return request;
    }

    private sealed class Bug
    {
        public volatile bool Fixed;
    }

    /// <summary>The midwifery reader with a bug of ours in it (until fixed): it throws on a valid booking.</summary>
    private sealed class FeedWithABug(Bug bug) : IFeedHandler
    {
        private readonly FhirFeedHandler _midwifery = new("midwifery", FhirFeed.Midwifery, InfoSharing.Domain.Ingest.Limits.MessageLimits.Default);

        public string RoutingKey => $"{FeedAgency}.fhir";

        public IReadOnlySet<string> ContentTypes => _midwifery.ContentTypes;

        public AgencyExtract Read(InboundMessage message, InfoSharing.Domain.Terminology.IndicatorTerminology indicators)
        {
            var extract = _midwifery.Read(message, indicators);
            return bug.Fixed ? extract : throw new InvalidOperationException("A bug in the reader.");
        }
    }
}
