using InfoSharing.Domain.Flags;

namespace InfoSharing.UnitTests.Flags;

public sealed class When_a_subscriber_configures_no_flag_codes
{
    private static SubscriberEntitlement Subscriber(string name, bool mayReach = false) => new(name, null, [], mayReach);

    [Fact]
    public void It_receives_the_flags_that_name_it_as_a_default_subscriber()
    {
        var received = FlagCatalogue.Default.Flags.Where(Subscriber("gp").Receives).Select(f => f.Code).Order(StringComparer.Ordinal);

        Assert.Equal([FlagRuleCodes.NonMobileInfantBruising, FlagRuleCodes.WasNotBrought], received);
    }

    [Fact]
    public void A_subscriber_no_default_names_receives_nothing() =>
        Assert.DoesNotContain(FlagCatalogue.Default.Flags, Subscriber("housing").Receives);
}

public sealed class When_a_subscriber_configures_its_flag_codes
{
    [Fact]
    public void The_configuration_replaces_the_defaults()
    {
        var housing = new SubscriberEntitlement("housing", [FlagRuleCodes.LinkedMaleNonResidentCarer], [], false);

        Assert.Equal([FlagRuleCodes.LinkedMaleNonResidentCarer], FlagCatalogue.Default.Flags.Where(housing.Receives).Select(f => f.Code));
    }

    [Fact]
    public void An_unknown_code_or_field_is_a_problem()
    {
        var entitlement = new SubscriberEntitlement("housing", ["no-such-flag"], ["man.shoeSize"], false);

        Assert.Equal(["housing: unknown flag code 'no-such-flag'", "housing: unknown field 'man.shoeSize'"], entitlement.Problems(FlagCatalogue.Default));
    }

    [Fact]
    public void A_sound_entitlement_has_no_problems() =>
        Assert.Empty(new SubscriberEntitlement("health-visiting", FlagRuleCodes.All, EntitlementFields.All, false).Problems(FlagCatalogue.Default));
}

public sealed class When_a_subscriber_may_reach_an_alleged_perpetrator
{
    private readonly SubscriberEntitlement _housing = new("housing", FlagRuleCodes.All, EntitlementFields.All, MayReachAllegedPerpetrator: true);

    [Fact]
    public void It_never_receives_a_domestic_abuse_flag_even_when_configured()
    {
        var received = FlagCatalogue.Default.Flags.Where(_housing.Receives).Select(f => f.Code).ToList();

        Assert.DoesNotContain(FlagRuleCodes.LinkedMaleDomesticAbuse, received);
        Assert.DoesNotContain(FlagRuleCodes.AbusivePartnerContactResumed, received);
        Assert.Contains(FlagRuleCodes.SignificantMaleLinked, received);
    }

    [Fact]
    public void Configuring_one_is_reported_as_a_problem()
    {
        var problems = _housing.Problems(FlagCatalogue.Default);

        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Contains("never sent", p, StringComparison.Ordinal));
    }
}
