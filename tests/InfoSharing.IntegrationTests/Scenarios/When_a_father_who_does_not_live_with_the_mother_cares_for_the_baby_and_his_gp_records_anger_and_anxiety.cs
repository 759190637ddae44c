using InfoSharing.IntegrationTests.Infrastructure;

namespace InfoSharing.IntegrationTests.Scenarios;

/// <summary>
/// Housing declares the baby's father as not living with the mother but caring for the baby; his GP then records
/// anger management and anxiety. Anger management goes with mental health (LinkedMaleRules): not a DA flag.
/// </summary>
public sealed class When_a_father_who_does_not_live_with_the_mother_cares_for_the_baby_and_his_gp_records_anger_and_anxiety(InfraFixture infra)
    : ScenarioTest(infra)
{
    [Fact]
    public async Task Health_visiting_learns_he_is_a_carer_with_a_mental_health_concern_and_housing_only_that_he_cares_for_the_baby()
    {
        await StartPartnershipWorkerAsync();

        await SendAsync(
            "housing.household",
            ScenarioMessages.Example(
                "housing/household-mother-baby-non-resident-carer.json",
                ("2027-04-02T10:15:00Z", ScenarioMessages.At(-1, "10:15:00")),
                ("2027-03-13", ScenarioMessages.Day(-40)),
                ("2027-04-01", ScenarioMessages.Day(-10))),
            "housing-carer-1",
            ScenarioMessages.HousingType);
        await SendAsync(
            "gp.fhir",
            ScenarioMessages.GpManWithConditions(
                ("anger-management", "Anger management difficulty", "Referred to anger management course"),
                ("mental-health", "Mental health concern", "Anxiety")),
            "gp-man-1");

        await AssertEachSubscriberReceivedAsync(new Dictionary<string, string[]>
        {
            ["health-visiting"] = ["significant-male-linked", "linked-male-non-resident-carer", "linked-male-mental-health"],
            ["midwifery"] = ["significant-male-linked", "linked-male-mental-health"],
            ["housing"] = ["significant-male-linked", "linked-male-non-resident-carer"],
        });
        var mentalHealth = Assert.Single(Received("health-visiting", "linked-male-mental-health"));
        Assert.False(mentalHealth.Restricted);
        Assert.Contains("ICON", mentalHealth.Text, StringComparison.Ordinal);
    }
}
