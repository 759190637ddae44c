using InfoSharing.IntegrationTests.Infrastructure;

namespace InfoSharing.IntegrationTests.Scenarios;

/// <summary>Midwifery books the mother with the baby's father and records that he is a care leaver.</summary>
public sealed class When_the_father_of_an_unborn_baby_is_a_care_leaver(InfraFixture infra) : ScenarioTest(infra)
{
    [Fact]
    public async Task Midwifery_health_visiting_and_social_care_are_asked_to_consider_a_pre_birth_assessment()
    {
        await StartPartnershipWorkerAsync();

        await SendAsync(
            "midwifery.fhir",
            ScenarioMessages.Example(
                "midwifery/parent-care-leaver.json",
                ("2026-11-27T11:00:00Z", ScenarioMessages.At(0, "00:05:00")),
                ("\"effectiveDateTime\": \"2026-11-27\"", $"\"effectiveDateTime\": \"{ScenarioMessages.Day(0)}\"")),
            "care-leaver-1");

        await AssertEachSubscriberReceivedAsync(new Dictionary<string, string[]>
        {
            ["health-visiting"] = ["significant-male-linked", "care-leaver-pre-birth"],
            ["midwifery"] = ["significant-male-linked", "care-leaver-pre-birth"],
            ["childrens-social-care"] = ["care-leaver-pre-birth"],
            ["housing"] = ["significant-male-linked"],
        });
        var flag = Assert.Single(Received("childrens-social-care", "care-leaver-pre-birth"));
        Assert.Contains(Examples.FatherNhs, flag.Text, StringComparison.Ordinal);
    }
}
