using InfoSharing.IntegrationTests.Infrastructure;

namespace InfoSharing.IntegrationTests.Scenarios;

/// <summary>The three cases of the learning briefing, each as the health visiting or GP feed would send it.</summary>
public sealed class When_a_baby_who_is_not_yet_mobile_is_recorded_with_an_injury(InfraFixture infra) : ScenarioTest(infra)
{
    private const string InfantNhs = "9990000034";

    public static TheoryData<string, int, string, string, string> BriefingCases => new()
    {
        { "health-visiting.fhir", 61, "Bruising to the face and chest; skeletal survey shows old rib fractures", "Face and chest", "two-month-old with bruising and old fractures" },
        { "gp.fhir", 56, "Fractured right humerus", "Right upper arm", "eight-week-old with a fractured arm" },
        { "health-visiting.fhir", 49, "Fractures of both femurs", "Both legs", "seven-week-old with leg fractures" },
    };

    /// <summary>The usual path: midwifery notified the birth (naming the father), then the injury is recorded.</summary>
    [Theory]
    [MemberData(nameof(BriefingCases))]
    public async Task Health_visiting_gp_and_childrens_social_care_receive_the_urgent_injury_flag(
        string routingKey, int ageDays, string description, string bodySite, string briefingCase)
    {
        await StartPartnershipWorkerAsync();
        await SendAsync("midwifery.fhir", ScenarioMessages.BirthNotification(ageDays), $"birth-{ageDays}");

        await SendAsync(routingKey, ScenarioMessages.InfantInjury(InfantNhs, $"infant-{ageDays}", ageDays, description, bodySite), $"injury-{ageDays}");

        await AssertEachSubscriberReceivedAsync(new Dictionary<string, string[]>
        {
            ["health-visiting"] = ["significant-male-linked", "non-mobile-infant-bruising"],
            ["midwifery"] = ["significant-male-linked"],
            ["gp"] = ["non-mobile-infant-bruising"],
            ["childrens-social-care"] = ["non-mobile-infant-bruising"],
            ["housing"] = ["significant-male-linked"],
        });
        AssertUrgentFlagRaised(briefingCase);
    }

    /// <summary>An infant the service first hears of in the injury message itself (no birth notification, no family named).</summary>
    [Theory]
    [MemberData(nameof(BriefingCases))]
    public async Task An_infant_first_known_from_the_injury_message_still_gets_the_urgent_injury_flag(
        string routingKey, int ageDays, string description, string bodySite, string briefingCase)
    {
        await StartPartnershipWorkerAsync();

        await SendAsync(routingKey, ScenarioMessages.InfantInjury(Examples.SyntheticNhs(ageDays), $"infant-{ageDays}", ageDays, description, bodySite), $"injury-{ageDays}");

        await AssertEachSubscriberReceivedAsync(new Dictionary<string, string[]>
        {
            ["health-visiting"] = ["non-mobile-infant-bruising"],
            ["gp"] = ["non-mobile-infant-bruising"],
            ["childrens-social-care"] = ["non-mobile-infant-bruising"],
        });
        AssertUrgentFlagRaised(briefingCase);
    }

    private void AssertUrgentFlagRaised(string briefingCase)
    {
        foreach (var subscriber in new[] { "health-visiting", "gp", "childrens-social-care" })
        {
            var raised = Assert.Single(Received(subscriber, "non-mobile-infant-bruising"));
            Assert.True(raised.Event == "flag-raised", briefingCase);
            Assert.Equal(Hl7.Fhir.Model.Flag.FlagStatus.Active, raised.Status);
            Assert.Contains("same-day paediatric assessment", raised.Text, StringComparison.Ordinal);
        }
    }
}
