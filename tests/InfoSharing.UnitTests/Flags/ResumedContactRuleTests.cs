using InfoSharing.Domain.Flags;
using InfoSharing.Domain.Relationships;
using static InfoSharing.UnitTests.Flags.Facts;

namespace InfoSharing.UnitTests.Flags;

public sealed class When_an_abusive_ex_partner_moves_back_in_after_separating
{
    private readonly RelationshipFact _before = Relationship(RelationshipType.HouseholdMember, fromDaysAgo: 200, endedDaysAgo: 120, agencies: ["housing"]);
    private readonly RelationshipFact _again = Relationship(RelationshipType.HouseholdMember, fromDaysAgo: 30, agencies: ["housing"]);
    private readonly IndicatorFact _abuse = Perpetrator(DaysAgo(150));

    [Fact]
    public void Raises_abusive_partner_contact_resumed_on_the_separation_and_the_new_link()
    {
        var flag = Desired(Born(DaysAgo(60), Man(ManId, [_before, _again], _abuse))).Find(FlagRuleCodes.AbusivePartnerContactResumed, ManId);

        Assert.NotNull(flag);
        Assert.Equal(
            new[] { _abuse.Id, _before.RelationshipId, _again.RelationshipId }.Order(),
            flag.Evidence.Select(e => e.Id).Order());
        Assert.Equal(RelationshipType.HouseholdMember, flag.Relationship);
    }

    [Fact]
    public void Without_a_domestic_abuse_indicator_nothing_is_resumed() =>
        Assert.DoesNotContain(FlagRuleCodes.AbusivePartnerContactResumed, Desired(Born(DaysAgo(60), Man(ManId, [_before, _again]))).Codes());

    [Fact]
    public void A_link_that_began_on_the_day_of_the_separation_is_not_a_resumption()
    {
        var sameDay = Relationship(RelationshipType.NonResidentCarer, fromDaysAgo: 120);

        Assert.DoesNotContain(FlagRuleCodes.AbusivePartnerContactResumed, Desired(Born(DaysAgo(60), Man(ManId, [_before, sameDay], _abuse))).Codes());
    }

    [Fact]
    public void A_new_link_that_was_undone_resumes_nothing() =>
        Assert.DoesNotContain(
            FlagRuleCodes.AbusivePartnerContactResumed,
            Desired(Born(DaysAgo(60), Man(ManId, [_before, _again with { Undone = true }], _abuse))).Codes());
}

public sealed class When_a_man_known_for_domestic_abuse_has_never_separated
{
    [Fact]
    public void A_continuing_relationship_is_not_contact_resumed()
    {
        var flags = Desired(Unborn(Man(Relationship(fromDaysAgo: 300), Perpetrator())));

        Assert.Contains(FlagRuleCodes.LinkedMaleDomesticAbuse, flags.Codes());
        Assert.DoesNotContain(FlagRuleCodes.AbusivePartnerContactResumed, flags.Codes());
    }
}

public sealed class When_a_marac_case_closed_and_the_man_is_seen_with_the_mother_again
{
    private readonly MotherLinkFact _closedCase = new(NewId(), MotherLinkKinds.MaracCase, "marac", DaysAgo(300), DaysAgo(100));

    private InfantPicture Picture(params ContactFact[] contacts) =>
        Born(DaysAgo(50), Man(Relationship(RelationshipType.BiologicalFather, fromDaysAgo: 330), Perpetrator(DaysAgo(300))) with { MotherLinks = [_closedCase] })
        with { Contacts = contacts };

    [Fact]
    public void A_contact_after_the_closure_raises_contact_resumed()
    {
        var contact = SeenWithMother(ManId, DaysAgo(7));

        var flag = Desired(Picture(contact)).Find(FlagRuleCodes.AbusivePartnerContactResumed, ManId);

        Assert.NotNull(flag);
        Assert.Contains(new EvidenceRef(EvidenceKinds.Contact, contact.Id), flag.Evidence);
        Assert.Contains(new EvidenceRef(EvidenceKinds.MotherLink, _closedCase.Id), flag.Evidence);
    }

    [Fact]
    public void A_contact_with_the_infant_counts_too() =>
        Assert.NotNull(Desired(Picture(new ContactFact(NewId(), "health-visiting", DaysAgo(3), InfantId, [ManId]))).Find(FlagRuleCodes.AbusivePartnerContactResumed, ManId));

    [Fact]
    public void A_contact_before_the_closure_does_not() =>
        Assert.Null(Desired(Picture(SeenWithMother(ManId, DaysAgo(150)))).Find(FlagRuleCodes.AbusivePartnerContactResumed, ManId));

    [Fact]
    public void A_contact_on_the_day_of_the_closure_does_not() =>
        Assert.Null(Desired(Picture(SeenWithMother(ManId, DaysAgo(100)))).Find(FlagRuleCodes.AbusivePartnerContactResumed, ManId));

    [Fact]
    public void His_own_gp_appointment_without_her_does_not() =>
        Assert.Null(Desired(Picture(new ContactFact(NewId(), "gp", DaysAgo(3), ManId, []))).Find(FlagRuleCodes.AbusivePartnerContactResumed, ManId));
}

public sealed class When_a_man_known_for_domestic_abuse_is_linked_to_the_mother_again
{
    [Fact]
    public void A_new_shared_household_after_an_ended_one_raises_contact_resumed()
    {
        var ended = new MotherLinkFact(NewId(), MotherLinkKinds.SharedHousehold, "housing", DaysAgo(400), DaysAgo(90));
        var again = new MotherLinkFact(NewId(), MotherLinkKinds.SharedHousehold, "housing", DaysAgo(20), null);
        var man = Man(Relationship(RelationshipType.BiologicalFather, fromDaysAgo: 200), Perpetrator()) with { MotherLinks = [ended, again] };

        Assert.NotNull(Desired(Unborn(man)).Find(FlagRuleCodes.AbusivePartnerContactResumed, ManId));
    }

    [Fact]
    public void A_new_marac_listing_after_a_closed_one_raises_contact_resumed()
    {
        var closed = new MotherLinkFact(NewId(), MotherLinkKinds.MaracCase, "marac", DaysAgo(400), DaysAgo(200));
        var listed = new MotherLinkFact(NewId(), MotherLinkKinds.MaracCase, "marac", DaysAgo(10), null);
        var man = Man(Relationship(fromDaysAgo: 300), Perpetrator()) with { MotherLinks = [closed, listed] };

        Assert.NotNull(Desired(Unborn(man)).Find(FlagRuleCodes.AbusivePartnerContactResumed, ManId));
    }

    [Fact]
    public void A_man_whose_every_link_to_the_child_was_undone_gets_no_flag()
    {
        var ended = new MotherLinkFact(NewId(), MotherLinkKinds.SharedHousehold, "housing", DaysAgo(400), DaysAgo(90));
        var again = new MotherLinkFact(NewId(), MotherLinkKinds.SharedHousehold, "housing", DaysAgo(20), null);
        var man = Man(Relationship(undone: true), Perpetrator()) with { MotherLinks = [ended, again] };

        Assert.Empty(Desired(Unborn(man)));
    }
}
