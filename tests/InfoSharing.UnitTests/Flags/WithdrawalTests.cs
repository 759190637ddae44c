using InfoSharing.Contracts;
using InfoSharing.Domain.Flags;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Relationships;
using static InfoSharing.UnitTests.Flags.Facts;

namespace InfoSharing.UnitTests.Flags;

/// <summary>Evaluate, then change the world, then Diff against what the first evaluation raised.</summary>
internal static class Lifecycle
{
    public static IReadOnlyList<FlagChange> After(InfantPicture before, InfantPicture after)
    {
        var existing = Evaluate(before).Desired.Select((f, i) => f.AsExisting(Id(500 + i))).ToList();
        return FlagRules.Diff(Evaluate(after), existing);
    }

    public static FlagChange For(this IReadOnlyList<FlagChange> changes, string code, Guid? personId = null) =>
        Assert.Single(changes, c => c.Code == code && c.PersonId == personId);
}

public sealed class When_a_reviewer_undoes_the_link_a_man_was_flagged_on
{
    private static readonly RelationshipFact Link = Relationship(fromDaysAgo: 60, id: Id(20));
    private static readonly IndicatorFact Abuse = Perpetrator();

    private readonly IReadOnlyList<FlagChange> _changes = Lifecycle.After(
        Unborn(Man(Link, Abuse)),
        Unborn(Man(Link with { Undone = true }, Abuse)));

    [Fact]
    public void Every_flag_about_him_is_withdrawn_as_entered_in_error()
    {
        Assert.Equal(
            [FlagRuleCodes.LinkedMaleDomesticAbuse, FlagRuleCodes.LinkedMaleNotSeen, FlagRuleCodes.SignificantMaleLinked],
            _changes.Select(c => c.Code));
        Assert.All(_changes, c =>
        {
            Assert.Equal(FlagMessageTypes.Withdrawn, c.Event);
            Assert.Equal(FlagStatuses.EnteredInError, c.Status);
            Assert.Equal(2, c.Version);
            Assert.Equal(FlagPerson.LinkedMale, c.About);
            Assert.Null(c.Relationship);
        });
    }
}

public sealed class When_the_man_moves_out_and_his_relationship_ends
{
    private static readonly RelationshipFact Link = Relationship(RelationshipType.HouseholdMember, fromDaysAgo: 60, id: Id(21), agencies: ["housing"]);

    [Fact]
    public void The_flags_resting_only_on_it_are_withdrawn_inactive()
    {
        var changes = Lifecycle.After(
            Unborn(Man(Link, Indicator(IndicatorKinds.SubstanceMisuse))),
            Unborn(Man(Link with { ValidTo = Now.AddDays(-1) }, Indicator(IndicatorKinds.SubstanceMisuse))));

        Assert.NotEmpty(changes);
        Assert.All(changes, c => Assert.Equal((FlagMessageTypes.Withdrawn, FlagStatuses.Inactive), (c.Event, c.Status)));
    }

    [Fact]
    public void A_flag_that_also_rests_on_another_link_in_force_is_updated_instead()
    {
        var father = Relationship(RelationshipType.BiologicalFather, fromDaysAgo: 60, id: Id(22));

        var changes = Lifecycle.After(
            Unborn(Man(ManId, [Link, father])),
            Unborn(Man(ManId, [Link with { ValidTo = Now.AddDays(-1) }, father])));

        var change = changes.For(FlagRuleCodes.SignificantMaleLinked, ManId);
        Assert.Equal((FlagMessageTypes.Updated, FlagStatuses.Active, 2), (change.Event, change.Status, change.Version));
        Assert.Equal([new EvidenceRef(EvidenceKinds.Relationship, father.RelationshipId)], change.Desired!.Evidence);
    }
}

public sealed class When_one_of_two_links_is_undone
{
    [Fact]
    public void The_flag_is_updated_to_rest_on_the_other()
    {
        var wrong = Relationship(RelationshipType.HouseholdMember, fromDaysAgo: 10, id: Id(23), agencies: ["housing"]);
        var right = Relationship(RelationshipType.BiologicalFather, fromDaysAgo: 10, id: Id(24));

        var change = Lifecycle.After(Unborn(Man(ManId, [wrong, right])), Unborn(Man(ManId, [wrong with { Undone = true }, right])))
            .For(FlagRuleCodes.SignificantMaleLinked, ManId);

        Assert.Equal(FlagMessageTypes.Updated, change.Event);
        Assert.Equal(["midwifery"], change.Desired!.SourceAgencies);
    }
}

public sealed class When_a_link_was_undone_after_it_had_already_ended
{
    [Fact]
    public void The_flags_already_withdrawn_inactive_do_not_change_again()
    {
        var link = Relationship(fromDaysAgo: 60, endedDaysAgo: 10, id: Id(25));
        var existing = new ExistingFlag(Id(600), FlagRuleCodes.SignificantMaleLinked, ManId, FlagStatuses.Inactive, 2, "h");

        Assert.Empty(FlagRules.Diff(Evaluate(Unborn(Man(link with { Undone = true }))), [existing]));
    }
}

public sealed class When_a_domestic_abuse_indicator_ends_but_the_link_stays
{
    [Fact]
    public void Only_the_domestic_abuse_flag_is_withdrawn_and_as_inactive()
    {
        var link = Relationship(fromDaysAgo: 5, id: Id(26));
        var abuse = Perpetrator(DaysAgo(100));

        var changes = Lifecycle.After(Unborn(Man(link, abuse)), Unborn(Man(link, abuse with { To = DaysAgo(1) })));

        var change = Assert.Single(changes);
        Assert.Equal((FlagRuleCodes.LinkedMaleDomesticAbuse, FlagMessageTypes.Withdrawn, FlagStatuses.Inactive), (change.Code, change.Event, change.Status));
    }
}

public sealed class When_a_new_indicator_arrives_for_a_flagged_man
{
    [Fact]
    public void The_flag_it_adds_to_is_updated_and_the_others_are_untouched()
    {
        var link = Relationship(fromDaysAgo: 5, id: Id(27));
        var first = Indicator(IndicatorKinds.MentalHealth, id: Id(28));
        var second = Indicator(IndicatorKinds.AngerManagement, id: Id(29));

        var changes = Lifecycle.After(Unborn(Man(link, first)), Unborn(Man(link, first, second)));

        var change = Assert.Single(changes);
        Assert.Equal((FlagRuleCodes.LinkedMaleMentalHealth, FlagMessageTypes.Updated), (change.Code, change.Event));
    }
}

public sealed class When_the_mother_s_care_leaver_flag_lapses_at_birth
{
    [Fact]
    public void The_withdrawal_says_it_was_about_the_mother()
    {
        var careLeaver = Indicator(IndicatorKinds.CareLeaver, agency: "childrens-social-care");

        var change = Lifecycle.After(Unborn() with { MotherIndicators = [careLeaver] }, Born(Today) with { MotherIndicators = [careLeaver] })
            .For(FlagRuleCodes.CareLeaverPreBirth, MotherId);

        Assert.Equal((FlagMessageTypes.Withdrawn, FlagStatuses.Inactive, FlagPerson.Mother), (change.Event, change.Status, change.About));
    }
}

public sealed class When_a_man_s_only_link_ends
{
    [Fact]
    public void The_withdrawal_still_says_how_he_stood_to_the_child()
    {
        var link = Relationship(RelationshipType.NonResidentCarer, fromDaysAgo: 5, id: Id(30), agencies: ["housing"]);

        var change = Lifecycle.After(Unborn(Man(link)), Unborn(Man(link with { ValidTo = Now.AddHours(-1) })))
            .For(FlagRuleCodes.SignificantMaleLinked, ManId);

        Assert.Equal((FlagPerson.LinkedMale, (RelationshipType?)RelationshipType.NonResidentCarer), (change.About, change.Relationship));
    }
}
