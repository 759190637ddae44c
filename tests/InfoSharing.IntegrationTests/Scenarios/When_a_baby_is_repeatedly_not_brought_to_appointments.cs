using InfoSharing.IntegrationTests.Infrastructure;

namespace InfoSharing.IntegrationTests.Scenarios;

/// <summary>Health visiting records the baby's 6-8 week review and then its rebooking, each not brought.</summary>
public sealed class When_a_baby_is_repeatedly_not_brought_to_appointments(InfraFixture infra) : ScenarioTest(infra)
{
    /// <summary>The usual path: midwifery notified the birth (naming the father), then health visiting records the missed reviews.</summary>
    [Fact]
    public async Task Health_visiting_and_the_gp_are_told_after_the_second_and_no_one_after_the_first()
    {
        await StartPartnershipWorkerAsync();
        await SendAsync("midwifery.fhir", ScenarioMessages.BirthNotification(70), "birth-70");
        await AssertEachSubscriberReceivedAsync(new Dictionary<string, string[]>
        {
            ["health-visiting"] = ["significant-male-linked"],
            ["midwifery"] = ["significant-male-linked"],
            ["housing"] = ["significant-male-linked"],
        });

        await SendAsync("health-visiting.fhir", ScenarioMessages.AppointmentNotBrought(ageDays: 70, missedDaysFromToday: -20, "6-8 week review"), "wnb-1");
        await AssertEachSubscriberReceivedAsync(new Dictionary<string, string[]>
        {
            ["health-visiting"] = ["significant-male-linked"],
            ["midwifery"] = ["significant-male-linked"],
            ["housing"] = ["significant-male-linked"],
        });

        await SendAsync("health-visiting.fhir", ScenarioMessages.AppointmentNotBrought(ageDays: 70, missedDaysFromToday: -6, "6-8 week review (rebooked)"), "wnb-2");

        await AssertEachSubscriberReceivedAsync(new Dictionary<string, string[]>
        {
            ["health-visiting"] = ["significant-male-linked", "was-not-brought"],
            ["midwifery"] = ["significant-male-linked"],
            ["gp"] = ["was-not-brought"],
            ["housing"] = ["significant-male-linked"],
        });
        Assert.Equal("flag-raised", Assert.Single(Received("gp", "was-not-brought")).Event);
    }

    /// <summary>A baby the service first hears of in the appointment messages (no birth notification, no family named).</summary>
    [Fact]
    public async Task An_infant_first_known_from_the_appointments_still_gets_the_flag()
    {
        await StartPartnershipWorkerAsync();

        await SendAsync("health-visiting.fhir", ScenarioMessages.AppointmentNotBrought(ageDays: 70, missedDaysFromToday: -20, "6-8 week review"), "wnb-1");
        await SendAsync("health-visiting.fhir", ScenarioMessages.AppointmentNotBrought(ageDays: 70, missedDaysFromToday: -6, "6-8 week review (rebooked)"), "wnb-2");

        await AssertEachSubscriberReceivedAsync(new Dictionary<string, string[]>
        {
            ["health-visiting"] = ["was-not-brought"],
            ["gp"] = ["was-not-brought"],
        });
    }
}
