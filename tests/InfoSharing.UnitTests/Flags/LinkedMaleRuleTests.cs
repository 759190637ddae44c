using InfoSharing.Domain.Flags;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Relationships;
using static InfoSharing.UnitTests.Flags.Facts;

namespace InfoSharing.UnitTests.Flags;

public sealed class When_a_man_has_a_relationship_in_force
{
    [Fact]
    public void Raises_significant_male_linked_about_him()
    {
        var relationship = Relationship(RelationshipType.MothersPartner, confidence: 0.93m);

        var flag = Desired(Unborn(Man(relationship))).Find(FlagRuleCodes.SignificantMaleLinked, ManId);

        Assert.NotNull(flag);
        Assert.Equal(FlagPerson.LinkedMale, flag.About);
        Assert.Equal(RelationshipType.MothersPartner, flag.Relationship);
        Assert.Equal([new EvidenceRef(EvidenceKinds.Relationship, relationship.RelationshipId)], flag.Evidence);
        Assert.Equal(0.93m, flag.LinkConfidence);
        Assert.Equal(["midwifery"], flag.SourceAgencies);
    }

    [Fact]
    public void One_flag_rests_on_all_his_relationships_and_names_the_closest()
    {
        var household = Relationship(RelationshipType.HouseholdMember, confidence: 0.9m, agencies: ["housing"]);
        var father = Relationship(RelationshipType.BiologicalFather, confidence: 0.99m);

        var flag = Desired(Unborn(Man(ManId, [household, father]))).Find(FlagRuleCodes.SignificantMaleLinked, ManId);

        Assert.NotNull(flag);
        Assert.Equal(RelationshipType.BiologicalFather, flag.Relationship);
        Assert.Equal(2, flag.Evidence.Count);
        Assert.Equal(0.9m, flag.LinkConfidence);
        Assert.Equal(["housing", "midwifery"], flag.SourceAgencies);
    }

    [Fact]
    public void Two_men_give_two_flags()
    {
        var picture = Unborn(Man(Relationship()), Man(OtherManId, [Relationship(RelationshipType.HouseholdMember)]));

        var flags = Desired(picture).Where(f => f.Code == FlagRuleCodes.SignificantMaleLinked).Select(f => f.PersonId);

        Assert.Equal([ManId, OtherManId], flags);
    }
}

public sealed class When_a_mans_only_relationship_is_not_in_force
{
    [Fact]
    public void An_ended_relationship_raises_nothing_about_him() =>
        Assert.Empty(Desired(Unborn(Man(Relationship(endedDaysAgo: 1), Perpetrator()))));

    [Fact]
    public void An_undone_relationship_raises_nothing_about_him() =>
        Assert.Empty(Desired(Unborn(Man(Relationship(undone: true), Perpetrator()))));

    [Fact]
    public void A_relationship_that_has_not_begun_raises_nothing() =>
        Assert.Empty(Desired(Unborn(Man(Relationship(fromDaysAgo: -3)))));

    [Fact]
    public void A_relationship_ending_later_today_is_still_in_force()
    {
        var relationship = Relationship() with { ValidTo = Now.AddHours(1) };

        Assert.Contains(FlagRuleCodes.SignificantMaleLinked, Desired(Unborn(Man(relationship))).Codes());
    }
}

public sealed class When_a_linked_man_is_an_alleged_perpetrator_of_domestic_abuse
{
    [Fact]
    public void Raises_linked_male_domestic_abuse_on_his_relationship_and_indicator()
    {
        var relationship = Relationship();
        var indicator = Perpetrator(DaysAgo(30));

        var flag = Desired(Unborn(Man(relationship, indicator))).Find(FlagRuleCodes.LinkedMaleDomesticAbuse, ManId);

        Assert.NotNull(flag);
        Assert.Equal(
            [new EvidenceRef(EvidenceKinds.Indicator, indicator.Id), new EvidenceRef(EvidenceKinds.Relationship, relationship.RelationshipId)],
            flag.Evidence);
        Assert.Equal(["marac", "midwifery"], flag.SourceAgencies);
    }

    [Fact]
    public void An_inactive_indicator_does_not_count() =>
        Assert.DoesNotContain(FlagRuleCodes.LinkedMaleDomesticAbuse, Desired(Unborn(Man(Relationship(), Perpetrator() with { Active = false }))).Codes());

    [Fact]
    public void An_indicator_that_ended_yesterday_does_not_count() =>
        Assert.DoesNotContain(FlagRuleCodes.LinkedMaleDomesticAbuse, Desired(Unborn(Man(Relationship(), Perpetrator() with { To = DaysAgo(1) }))).Codes());

    [Fact]
    public void An_indicator_ending_today_still_counts() =>
        Assert.Contains(FlagRuleCodes.LinkedMaleDomesticAbuse, Desired(Unborn(Man(Relationship(), Perpetrator() with { To = Today }))).Codes());

    [Fact]
    public void An_indicator_effective_from_tomorrow_does_not_count_yet() =>
        Assert.DoesNotContain(FlagRuleCodes.LinkedMaleDomesticAbuse, Desired(Unborn(Man(Relationship(), Perpetrator(Today.AddDays(1))))).Codes());

    [Fact]
    public void A_victim_indicator_on_him_is_not_a_perpetrator_indicator() =>
        Assert.DoesNotContain(FlagRuleCodes.LinkedMaleDomesticAbuse, Desired(Unborn(Man(Relationship(), Indicator(IndicatorKinds.DomesticAbuseVictim)))).Codes());
}

public sealed class When_a_linked_mans_gp_records_anger_management_and_anxiety
{
    private readonly IReadOnlyList<DesiredFlag> _flags = Desired(Unborn(Man(
        Relationship(RelationshipType.NonResidentCarer, agencies: ["housing"]),
        Indicator(IndicatorKinds.AngerManagement),
        Indicator(IndicatorKinds.MentalHealth))));

    [Fact]
    public void Raises_one_mental_health_flag_resting_on_both()
    {
        var flag = _flags.Find(FlagRuleCodes.LinkedMaleMentalHealth, ManId);

        Assert.NotNull(flag);
        Assert.Equal(2, flag.Evidence.Count(e => e.Kind == EvidenceKinds.Indicator));
    }

    [Fact]
    public void Anger_management_alone_is_a_mental_health_flag_and_not_domestic_abuse()
    {
        var flags = Desired(Unborn(Man(Relationship(), Indicator(IndicatorKinds.AngerManagement))));

        Assert.Contains(FlagRuleCodes.LinkedMaleMentalHealth, flags.Codes());
        Assert.DoesNotContain(FlagRuleCodes.LinkedMaleDomesticAbuse, flags.Codes());
    }

    [Fact]
    public void Also_raises_non_resident_carer_naming_that_relationship()
    {
        var flag = _flags.Find(FlagRuleCodes.LinkedMaleNonResidentCarer, ManId);

        Assert.NotNull(flag);
        Assert.Equal(RelationshipType.NonResidentCarer, flag.Relationship);
    }
}

public sealed class When_a_linked_man_has_other_indicators
{
    [Theory]
    [InlineData(IndicatorKinds.SubstanceMisuse, FlagRuleCodes.LinkedMaleSubstanceMisuse)]
    [InlineData(IndicatorKinds.ChildProtectionHistory, FlagRuleCodes.LinkedMaleChildProtectionHistory)]
    [InlineData(IndicatorKinds.MentalHealth, FlagRuleCodes.LinkedMaleMentalHealth)]
    [InlineData(IndicatorKinds.DomesticAbusePerpetrator, FlagRuleCodes.LinkedMaleDomesticAbuse)]
    public void The_indicator_raises_its_flag(string kind, string code) =>
        Assert.NotNull(Desired(Unborn(Man(Relationship(), Indicator(kind)))).Find(code, ManId));

    [Theory]
    [InlineData(IndicatorKinds.SafeguardingConcern)]
    [InlineData(IndicatorKinds.IconAdviceGiven)]
    [InlineData(IndicatorKinds.DomesticAbuseVictim)]
    public void An_indicator_no_rule_reads_raises_only_the_link(string kind)
    {
        var flags = Desired(Unborn(Man(Relationship(fromDaysAgo: 3), Indicator(kind))));

        Assert.Equal([FlagRuleCodes.SignificantMaleLinked], flags.Codes());
    }

    [Fact]
    public void Indicators_on_a_man_whose_link_ended_raise_nothing() =>
        Assert.Empty(Desired(Unborn(Man(Relationship(endedDaysAgo: 5), Indicator(IndicatorKinds.SubstanceMisuse), Indicator(IndicatorKinds.ChildProtectionHistory)))));
}

public sealed class When_a_man_is_a_household_member_only
{
    [Fact]
    public void Does_not_raise_non_resident_carer() =>
        Assert.DoesNotContain(FlagRuleCodes.LinkedMaleNonResidentCarer, Desired(Unborn(Man(Relationship(RelationshipType.HouseholdMember)))).Codes());
}
