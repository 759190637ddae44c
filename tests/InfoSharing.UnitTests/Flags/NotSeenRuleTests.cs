using InfoSharing.Domain.Flags;
using InfoSharing.Domain.Relationships;
using static InfoSharing.UnitTests.Flags.Facts;

namespace InfoSharing.UnitTests.Flags;

public sealed class When_no_agency_has_recorded_contact_with_a_linked_man
{
    [Fact]
    public void Raises_not_seen_once_the_grace_period_has_passed()
    {
        var relationship = Relationship(fromDaysAgo: 28);

        var flag = Desired(Unborn(Man(relationship))).Find(FlagRuleCodes.LinkedMaleNotSeen, ManId);

        Assert.NotNull(flag);
        Assert.Equal([new EvidenceRef(EvidenceKinds.Relationship, relationship.RelationshipId)], flag.Evidence);
    }

    [Fact]
    public void Does_not_raise_it_the_day_before_the_grace_period_ends() =>
        Assert.DoesNotContain(FlagRuleCodes.LinkedMaleNotSeen, Desired(Unborn(Man(Relationship(fromDaysAgo: 27)))).Codes());

    [Fact]
    public void A_man_linked_today_is_not_flagged() =>
        Assert.DoesNotContain(FlagRuleCodes.LinkedMaleNotSeen, Desired(Unborn(Man(Relationship(fromDaysAgo: 0)))).Codes());

    [Fact]
    public void The_grace_period_runs_from_his_earliest_link_in_force_not_an_undone_one()
    {
        var man = Man(ManId, [Relationship(fromDaysAgo: 300, undone: true), Relationship(RelationshipType.HouseholdMember, fromDaysAgo: 10)]);

        Assert.DoesNotContain(FlagRuleCodes.LinkedMaleNotSeen, Desired(Unborn(man)).Codes());
    }
}

public sealed class When_an_agency_has_seen_the_linked_man
{
    [Fact]
    public void Present_at_a_contact_with_the_mother_he_is_seen() =>
        Assert.DoesNotContain(
            FlagRuleCodes.LinkedMaleNotSeen,
            Desired(Unborn(Man(Relationship(fromDaysAgo: 90))) with { Contacts = [SeenWithMother(ManId, DaysAgo(20))] }).Codes());

    [Fact]
    public void The_subject_of_a_contact_himself_he_is_seen()
    {
        var contact = new ContactFact(NewId(), "gp", DaysAgo(40), ManId, []);

        Assert.DoesNotContain(FlagRuleCodes.LinkedMaleNotSeen, Desired(Unborn(Man(Relationship(fromDaysAgo: 90))) with { Contacts = [contact] }).Codes());
    }

    [Fact]
    public void An_undated_contact_counts_as_seen() =>
        Assert.DoesNotContain(
            FlagRuleCodes.LinkedMaleNotSeen,
            Desired(Unborn(Man(Relationship(fromDaysAgo: 90))) with { Contacts = [new ContactFact(NewId(), "gp", null, MotherId, [ManId])] }).Codes());

    [Fact]
    public void A_contact_before_this_pregnancy_began_does_not_count()
    {
        // Expected delivery in 60 days: the pregnancy began 220 days ago.
        var picture = Unborn(Man(Relationship(fromDaysAgo: 90))) with { Contacts = [SeenWithMother(ManId, DaysAgo(221))] };

        Assert.Contains(FlagRuleCodes.LinkedMaleNotSeen, Desired(picture).Codes());
    }

    [Fact]
    public void A_contact_on_the_day_the_pregnancy_began_counts()
    {
        var picture = Unborn(Man(Relationship(fromDaysAgo: 90))) with { Contacts = [SeenWithMother(ManId, DaysAgo(220))] };

        Assert.DoesNotContain(FlagRuleCodes.LinkedMaleNotSeen, Desired(picture).Codes());
    }

    [Fact]
    public void A_contact_that_saw_another_man_does_not_count_for_him()
    {
        var picture = Unborn(Man(Relationship(fromDaysAgo: 90))) with { Contacts = [SeenWithMother(OtherManId, DaysAgo(5))] };

        Assert.Contains(FlagRuleCodes.LinkedMaleNotSeen, Desired(picture).Codes());
    }
}
