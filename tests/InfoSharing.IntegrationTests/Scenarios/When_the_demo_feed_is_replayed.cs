using System.Text.Json;
using InfoSharing.Data.Ingest;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.IntegrationTests.Scenarios;

/// <summary>
/// The demo replay of deploy/local/run.sh: every contract example, in the order replay-examples.py sends them, each
/// processed before the next, to a worker with the subscribers of the shipped appsettings.json. A practitioner's
/// system shows every version it receives as an alert, so a subscriber must get a version only when something it
/// may see changed.
/// </summary>
public sealed class When_the_demo_feed_is_replayed(InfraFixture infra) : IntegrationTest(infra)
{
    /// <summary>
    /// Most versions any subscriber may receive of one flag over the replay: raised, and one change it may see (the
    /// unborn child born and known by its own NHS number, or the flag withdrawn). Before material-change delivery the
    /// replay sent up to 4 versions of one flag to one subscriber (up to 6 with run.sh's overlapping replay).
    /// </summary>
    private const int MaxVersionsPerFlagAndSubscriber = 2;

    [Fact]
    public async Task Each_subscriber_receives_a_flag_only_when_something_it_may_see_changes()
    {
        await StartWorkerAsync(ShippedSubscribers());

        foreach (var example in ReplayOrder())
        {
            await Agency.PublishAsync(example.RoutingKey, ContractExamples.Body(example), "demo-" + example.File, example.ContentType, type: example.MessageType);
            await WaitUntilProcessedAsync("demo-" + example.File);
        }

        var sent = await Infra.QueryAsync(db => db.Disclosures.AsNoTracking()
            .Join(db.Flags.AsNoTracking(), d => d.FlagId, f => f.Id, (d, f) => new { d.FlagId, f.Code, d.Subscriber, d.FlagVersion })
            .ToListAsync());
        var perFlag = sent.GroupBy(d => (d.FlagId, d.Code, d.Subscriber))
            .Select(g => (g.Key.Code, g.Key.Subscriber, Versions: g.Count()))
            .OrderByDescending(g => g.Versions).ThenBy(g => g.Code, StringComparer.Ordinal).ThenBy(g => g.Subscriber, StringComparer.Ordinal)
            .ToList();
        var written = await Infra.QueryAsync(db => db.FlagVersions.CountAsync());
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"demo replay: {written} flag versions written, {sent.Count} sent; per flag and subscriber: "
            + string.Join("; ", perFlag.Select(p => $"{p.Code} -> {p.Subscriber}: {p.Versions}")));

        Assert.NotEmpty(perFlag);
        Assert.Contains(perFlag, p => p.Code == "linked-male-domestic-abuse" && p.Subscriber == "health-visiting");
        var noisy = perFlag.Where(p => p.Versions > MaxVersionsPerFlagAndSubscriber).ToList();
        Assert.True(
            noisy.Count == 0,
            $"More than {MaxVersionsPerFlagAndSubscriber} versions of one flag to one subscriber: " + string.Join("; ", noisy.Select(p => $"{p.Code} -> {p.Subscriber}: {p.Versions}")));
    }

    /// <summary>The order of deploy/local/agency/replay-examples.py: midwifery (booking, care leaver, missed antenatal first), health visiting, GP, housing, MARAC.</summary>
    internal static IReadOnlyList<ContractExample> ReplayOrder()
    {
        string[] feeds = ["midwifery", "health-visiting", "gp", "housing", "marac"];
        var first = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["booking-with-partner.json"] = 0,
            ["parent-care-leaver.json"] = 1,
            ["antenatal-appointment-not-attended.json"] = 2,
        };
        return ContractExamples.All()
            .OrderBy(e => Array.IndexOf(feeds, e.File.Split('/')[0]))
            .ThenBy(e => first.GetValueOrDefault(e.File.Split('/')[1], 9))
            .ThenBy(e => e.File.Split('/')[1], StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Messaging:Subscribers from the worker's shipped appsettings.json, as configuration overrides.</summary>
    internal static (string Key, string Value)[] ShippedSubscribers()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Examples.Path("src/InfoSharing.Worker/appsettings.json")));
        var settings = new List<(string, string)>();
        foreach (var subscriber in json.RootElement.GetProperty("Messaging").GetProperty("Subscribers").EnumerateObject())
        {
            var prefix = $"Messaging:Subscribers:{subscriber.Name}";
            foreach (var list in new[] { "FlagCodes", "Fields" })
            {
                var i = 0;
                foreach (var value in subscriber.Value.GetProperty(list).EnumerateArray())
                {
                    settings.Add(($"{prefix}:{list}:{i++}", value.GetString()!));
                }
            }

            settings.Add(($"{prefix}:MayReachAllegedPerpetrator", subscriber.Value.GetProperty("MayReachAllegedPerpetrator").GetBoolean() ? "true" : "false"));
        }

        return [.. settings];
    }

    private async Task WaitUntilProcessedAsync(string messageId)
    {
        var deadline = DateTime.UtcNow + Patience;
        InboundMessage? stored;
        while ((stored = await Infra.QueryAsync(db => db.InboundMessages.AsNoTracking().FirstOrDefaultAsync(m => m.MessageId == messageId))) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{messageId} was not processed in time.");
            await Task.Delay(100);
        }

        Assert.True(stored.Status == InboundStatus.Accepted, $"{messageId} was rejected: {stored.ErrorCode}: {stored.Error}");
    }
}
