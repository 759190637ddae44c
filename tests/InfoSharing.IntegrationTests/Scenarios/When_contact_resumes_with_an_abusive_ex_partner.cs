using System.Text.Json.Nodes;
using InfoSharing.IntegrationTests.Infrastructure;

namespace InfoSharing.IntegrationTests.Scenarios;

/// <summary>
/// MARAC listed the case four months ago (sent then), closed it a month ago (sent then): the separation. Today
/// midwifery books the mother with the same man named as the baby's father: a new link after the separation.
/// </summary>
public sealed class When_contact_resumes_with_an_abusive_ex_partner(InfraFixture infra) : ScenarioTest(infra)
{
    [Fact]
    public async Task Health_visiting_midwifery_and_social_care_are_told_restricted_and_housing_is_not()
    {
        await StartPartnershipWorkerAsync();

        await SendAsync(
            "marac.case",
            ScenarioMessages.Marac("case-listed-victim-pregnant.json", referralDay: -120, meetingDay: -110),
            "marac-listed-2",
            "marac.case-listed.v1",
            DateTimeOffset.UtcNow.AddDays(-120));
        await SendAsync(
            "marac.case",
            ScenarioMessages.Marac("case-closed.json", referralDay: -120, closedDay: -30, change: StillUnborn),
            "marac-closed-2",
            "marac.case-closed.v1",
            DateTimeOffset.UtcNow.AddDays(-30));
        await ReadAllQueuesAsync();
        Assert.Empty(Received("health-visiting", "abusive-partner-contact-resumed"));

        await SendAsync("midwifery.fhir", Examples.Booking(), "booking-2");

        await AssertEachSubscriberReceivedAsync(
            new Dictionary<string, string[]>
            {
                // Linked by MARAC four months ago and never recorded as seen by any agency: not-seen is right too.
                ["health-visiting"] = ["significant-male-linked", "linked-male-domestic-abuse", "linked-male-not-seen", "abusive-partner-contact-resumed"],
                ["midwifery"] = ["significant-male-linked", "linked-male-domestic-abuse", "linked-male-not-seen", "abusive-partner-contact-resumed"],
                ["childrens-social-care"] = ["linked-male-domestic-abuse", "abusive-partner-contact-resumed"],
                ["housing"] = ["significant-male-linked"],
            },
            Examples.MotherNhs);
        var resumed = Assert.Single(Received("childrens-social-care", "abusive-partner-contact-resumed"));
        Assert.Equal("flag-raised", resumed.Event);
        Assert.True(resumed.Restricted);
    }

    /// <summary>The case closed before the birth: the closure names no born child.</summary>
    private static void StillUnborn(JsonNode closure) => closure["children"] = new JsonArray();
}
