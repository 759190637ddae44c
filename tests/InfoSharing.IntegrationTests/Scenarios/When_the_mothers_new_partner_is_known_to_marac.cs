using System.Text.Json.Nodes;
using InfoSharing.IntegrationTests.Infrastructure;

namespace InfoSharing.IntegrationTests.Scenarios;

/// <summary>
/// Midwifery books the mother with the baby's father; MARAC then lists a case with her as victim and a new partner,
/// another man, as the alleged perpetrator.
/// </summary>
public sealed class When_the_mothers_new_partner_is_known_to_marac(InfraFixture infra) : ScenarioTest(infra)
{
    public static readonly string NewPartnerNhs = Examples.SyntheticNhs(301);

    [Fact]
    public async Task The_domestic_abuse_flag_goes_restricted_to_health_visiting_midwifery_and_social_care_and_never_to_housing()
    {
        await StartPartnershipWorkerAsync();

        await SendAsync("midwifery.fhir", Examples.Booking(), "booking-1");
        await SendAsync(
            "marac.case",
            ScenarioMessages.Marac("case-listed-victim-pregnant.json", referralDay: -6, meetingDay: 7, change: NewPartner),
            "marac-listed-1",
            "marac.case-listed.v1");

        await AssertEachSubscriberReceivedAsync(
            new Dictionary<string, string[]>
            {
                ["health-visiting"] = ["significant-male-linked", "linked-male-domestic-abuse"],
                ["midwifery"] = ["significant-male-linked", "linked-male-domestic-abuse"],
                ["childrens-social-care"] = ["linked-male-domestic-abuse"],
                ["housing"] = ["significant-male-linked"],
            },
            Examples.MotherNhs);

        // One significant-male flag per man; the DA flag names the new partner, not the baby's father.
        Assert.Equal(2, Received("health-visiting", "significant-male-linked").Count(d => d.Event == "flag-raised"));
        Assert.Equal(2, Received("housing", "significant-male-linked").Count(d => d.Event == "flag-raised"));
        var abuse = Assert.Single(Received("health-visiting", "linked-male-domestic-abuse"));
        Assert.Contains(NewPartnerNhs, abuse.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Examples.FatherNhs, abuse.Text, StringComparison.Ordinal);
    }

    private static void NewPartner(JsonNode listing)
    {
        var person = listing["allegedPerpetrators"]![0]!["person"]!;
        person["personId"] = "MRC-P-777";
        person["nhsNumber"] = NewPartnerNhs;
        person["givenName"] = "Morgan";
        person["familyName"] = "Exampleson";
        person["dateOfBirth"] = "1990-02-14";
    }
}
