using InfoSharing.Domain.Flags;
using InfoSharing.Domain.Relationships;

namespace InfoSharing.UnitTests.Flags;

public sealed class When_a_flag_version_is_weighed_for_a_subscriber
{
    private static readonly SubscriberEntitlement HealthVisiting = new("health-visiting", null, EntitlementFields.All, false);
    private static readonly SubscriberEntitlement NameOnly = new("housing", null, [EntitlementFields.ManName], true);

    private static readonly FlagView View = new()
    {
        Status = FlagStatuses.Active,
        Definition = FlagCatalogue.Default[FlagRuleCodes.LinkedMaleDomesticAbuse],
        MotherNhsNumber = "9990000018",
        ExpectedDeliveryDate = new DateOnly(2027, 3, 15),
        ManPersonId = Guid.Parse("00000000-0000-4000-8000-000000000004"),
        Relationship = RelationshipType.BiologicalFather,
        ManGivenName = "Jordan",
        ManFamilyName = "Samplesby",
        ManNhsNumber = "9990000026",
        LinkConfidence = 0.9987m,
    };

    private static string Hash(FlagView view, SubscriberEntitlement? entitlement = null) => Materiality.Hash(view, entitlement ?? HealthVisiting);

    [Fact]
    public void A_confidence_that_rounds_the_same_is_not_material() =>
        Assert.Equal(Hash(View), Hash(View with { LinkConfidence = 0.9991m }));

    public static TheoryData<string, FlagView> Changes => new()
    {
        { "status", View with { Status = FlagStatuses.Inactive } },
        { "relationship", View with { Relationship = RelationshipType.MothersPartner } },
        { "man", View with { ManPersonId = Guid.NewGuid() } },
        { "name", View with { ManFamilyName = "Other" } },
        { "nhs number", View with { ManNhsNumber = "9990000034" } },
        { "link confidence", View with { LinkConfidence = 0.90m } },
        { "the child is born", View with { InfantNhsNumber = "9990000034" } },
        { "severity", View with { Definition = View.Definition with { Severity = "urgent" } } },
        { "recommended action", View with { Definition = View.Definition with { RecommendedAction = "Something else." } } },
        { "injury", View with { Details = ["infant-fracture"] } },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void A_change_it_may_see_is_material(string what, FlagView changed) =>
        Assert.True(Hash(View) != Hash(changed), what);

    [Fact]
    public void A_change_to_a_field_it_may_not_see_is_not() =>
        Assert.Equal(Hash(View, NameOnly), Hash(View with { ManNhsNumber = "9990000034", LinkConfidence = 0.5m }, NameOnly));

    [Fact]
    public void A_withdrawal_is_never_sent_to_a_subscriber_never_told_of_the_flag()
    {
        Assert.False(Materiality.ShouldSend(FlagStatuses.Inactive, "h", null));
        Assert.True(Materiality.ShouldSend(FlagStatuses.Active, "h", null));
        Assert.False(Materiality.ShouldSend(FlagStatuses.Active, "h", "h"));
        Assert.True(Materiality.ShouldSend(FlagStatuses.Inactive, "w", "h"));
    }
}
