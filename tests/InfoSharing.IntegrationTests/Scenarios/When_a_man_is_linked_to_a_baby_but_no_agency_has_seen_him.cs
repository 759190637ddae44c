using InfoSharing.IntegrationTests.Infrastructure;

namespace InfoSharing.IntegrationTests.Scenarios;

/// <summary>
/// Midwifery notified the birth 44 days ago (sent then), naming the father: past the 28-day grace, and no agency has
/// recorded seeing him. Then health visiting records the new-birth visit with him present.
/// </summary>
public sealed class When_a_man_is_linked_to_a_baby_but_no_agency_has_seen_him(InfraFixture infra) : ScenarioTest(infra)
{
    [Fact]
    public async Task Health_visiting_and_midwifery_are_told_until_a_visit_records_him_present_and_then_the_flag_is_withdrawn()
    {
        await StartPartnershipWorkerAsync();

        await SendAsync(
            "midwifery.fhir",
            ScenarioMessages.Example(
                "midwifery/birth-notification.json",
                ("2027-03-13T08:00:00Z", ScenarioMessages.At(-44, "08:00:00")),
                ("2027-03-12", ScenarioMessages.Day(-45)),
                ("2027-03-15", ScenarioMessages.Day(-43))),
            "birth-1",
            sentAt: DateTimeOffset.UtcNow.AddDays(-44));

        await AssertEachSubscriberReceivedAsync(new Dictionary<string, string[]>
        {
            ["health-visiting"] = ["significant-male-linked", "linked-male-not-seen"],
            ["midwifery"] = ["significant-male-linked", "linked-male-not-seen"],
            ["housing"] = ["significant-male-linked"],
        });

        await SendAsync(
            "health-visiting.fhir",
            ScenarioMessages.Example(
                "health-visiting/new-birth-visit.json",
                ("2027-03-25T15:00:00Z", ScenarioMessages.At(0, "00:05:00")),
                ("2027-03-25T10:00:00Z", ScenarioMessages.At(-1, "10:00:00")),
                ("2027-03-25T11:00:00Z", ScenarioMessages.At(-1, "11:00:00")),
                ("2027-03-12", ScenarioMessages.Day(-45))),
            "new-birth-visit-1");

        await AssertEachSubscriberReceivedAsync(new Dictionary<string, string[]>
        {
            ["health-visiting"] = ["significant-male-linked", "linked-male-not-seen"],
            ["midwifery"] = ["significant-male-linked", "linked-male-not-seen"],
            ["housing"] = ["significant-male-linked"],
        });
        foreach (var subscriber in new[] { "health-visiting", "midwifery" })
        {
            var notSeen = Received(subscriber, "linked-male-not-seen");
            Assert.Equal(["flag-raised", "flag-withdrawn"], notSeen.Select(d => d.Event));
            Assert.Equal(Hl7.Fhir.Model.Flag.FlagStatus.Inactive, notSeen[^1].Status);
            Assert.Single(Received(subscriber, "significant-male-linked"), d => d.Event == "flag-raised");
            Assert.DoesNotContain(Received(subscriber, "significant-male-linked"), d => d.Event == "flag-withdrawn");
        }
    }
}
