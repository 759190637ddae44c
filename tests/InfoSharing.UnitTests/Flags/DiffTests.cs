using InfoSharing.Contracts;
using InfoSharing.Domain.Flags;
using InfoSharing.Domain.Relationships;
using static InfoSharing.UnitTests.Flags.Facts;

namespace InfoSharing.UnitTests.Flags;

public sealed class When_the_same_picture_is_evaluated_again
{
    private static readonly Guid FatherLink = Id(10);
    private static readonly Guid HouseholdLink = Id(11);
    private static readonly Guid Abuse = Id(12);

    private static InfantPicture Picture() => Unborn(Man(
        ManId,
        [Relationship(id: FatherLink, fromDaysAgo: 5), Relationship(RelationshipType.HouseholdMember, id: HouseholdLink, fromDaysAgo: 5, agencies: ["housing", "midwifery"])],
        Perpetrator() with { Id = Abuse }));

    private static string HashOf(InfantPicture picture, string code = FlagRuleCodes.LinkedMaleDomesticAbuse) =>
        Desired(picture).Find(code, ManId)!.EvidenceHash;

    [Fact]
    public void Gives_the_same_evidence_hash() => Assert.Equal(HashOf(Picture()), HashOf(Picture()));

    [Fact]
    public void The_order_facts_arrive_in_does_not_change_the_hash()
    {
        var picture = Picture();
        var man = picture.LinkedPeople[0];
        var reordered = picture with
        {
            LinkedPeople = [man with { Relationships = man.Relationships.Reverse().Select(r => r with { SourceAgencies = r.SourceAgencies.Reverse().ToList() }).ToList() }],
        };

        Assert.Equal(HashOf(picture), HashOf(reordered));
    }

    [Fact]
    public void A_later_evaluation_time_alone_does_not_change_the_hash() =>
        Assert.Equal(HashOf(Picture()), HashOf(Picture() with { AsOf = Now.AddDays(3) }));

    [Fact]
    public void Diff_against_what_it_raised_changes_nothing()
    {
        var evaluation = Evaluate(Picture());
        var existing = evaluation.Desired.Select((f, i) => f.AsExisting(Id(100 + i))).ToList();

        Assert.Empty(FlagRules.Diff(Evaluate(Picture()), existing));
    }

    [Fact]
    public void A_new_source_agency_for_a_link_changes_the_hash()
    {
        var picture = Picture();
        var man = picture.LinkedPeople[0];
        var moreSources = picture with
        {
            LinkedPeople = [man with { Relationships = man.Relationships.Select(r => r.RelationshipId == FatherLink ? r with { SourceAgencies = ["midwifery", "gp"] } : r).ToList() }],
        };

        Assert.NotEqual(HashOf(picture), HashOf(moreSources));
    }

    [Fact]
    public void A_changed_link_confidence_changes_the_hash()
    {
        var picture = Picture();
        var man = picture.LinkedPeople[0];
        var lower = picture with
        {
            LinkedPeople = [man with { Relationships = man.Relationships.Select(r => r with { Confidence = 0.8m }).ToList() }],
        };

        Assert.NotEqual(HashOf(picture), HashOf(lower));
    }

    [Fact]
    public void Hashes_differ_between_codes_resting_on_the_same_facts() =>
        Assert.NotEqual(HashOf(Picture(), FlagRuleCodes.SignificantMaleLinked), HashOf(Picture(), FlagRuleCodes.LinkedMaleDomesticAbuse));
}

public sealed class When_flags_are_compared_with_those_that_exist
{
    private static DesiredFlag Wanted(string code, Guid? person, string hash) => new()
    {
        Code = code,
        About = person is null ? FlagPerson.Child : FlagPerson.LinkedMale,
        PersonId = person,
        Evidence = [],
        SourceAgencies = [],
        EvidenceHash = hash,
    };

    private static FlagEvaluation Evaluation(params DesiredFlag[] desired) => new(desired, new HashSet<FlagKey>(), "test");

    [Fact]
    public void A_flag_that_does_not_exist_is_raised_as_version_one()
    {
        var wanted = Wanted(FlagRuleCodes.SignificantMaleLinked, ManId, "h1");

        var change = Assert.Single(FlagRules.Diff(Evaluation(wanted), []));

        Assert.Equal(new FlagChange(FlagMessageTypes.Raised, FlagStatuses.Active, wanted.Code, ManId, null, 1, wanted) { About = FlagPerson.LinkedMale }, change);
    }

    [Fact]
    public void An_active_flag_with_the_same_hash_is_left_alone() =>
        Assert.Empty(FlagRules.Diff(
            Evaluation(Wanted(FlagRuleCodes.SignificantMaleLinked, ManId, "h1")),
            [new ExistingFlag(Id(50), FlagRuleCodes.SignificantMaleLinked, ManId, FlagStatuses.Active, 3, "h1")]));

    [Fact]
    public void An_active_flag_whose_evidence_changed_is_updated_as_the_next_version()
    {
        var wanted = Wanted(FlagRuleCodes.SignificantMaleLinked, ManId, "h2");

        var change = Assert.Single(FlagRules.Diff(Evaluation(wanted), [new ExistingFlag(Id(50), wanted.Code, ManId, FlagStatuses.Active, 3, "h1")]));

        Assert.Equal(new FlagChange(FlagMessageTypes.Updated, FlagStatuses.Active, wanted.Code, ManId, Id(50), 4, wanted) { About = FlagPerson.LinkedMale }, change);
    }

    [Fact]
    public void An_active_flag_no_longer_desired_is_withdrawn_inactive()
    {
        var change = Assert.Single(FlagRules.Diff(Evaluation(), [new ExistingFlag(Id(50), FlagRuleCodes.WasNotBrought, null, FlagStatuses.Active, 2, "h1")]));

        Assert.Equal(new FlagChange(FlagMessageTypes.Withdrawn, FlagStatuses.Inactive, FlagRuleCodes.WasNotBrought, null, Id(50), 3, null) { About = FlagPerson.Child }, change);
    }

    [Fact]
    public void One_that_held_only_through_an_undone_link_is_withdrawn_entered_in_error()
    {
        var evaluation = new FlagEvaluation([], new HashSet<FlagKey> { new(FlagRuleCodes.SignificantMaleLinked, ManId) }, "test");

        var change = Assert.Single(FlagRules.Diff(evaluation, [new ExistingFlag(Id(50), FlagRuleCodes.SignificantMaleLinked, ManId, FlagStatuses.Active, 1, "h1")]));

        Assert.Equal(FlagStatuses.EnteredInError, change.Status);
        Assert.Equal(FlagMessageTypes.Withdrawn, change.Event);
    }

    [Theory]
    [InlineData(FlagStatuses.Inactive)]
    [InlineData(FlagStatuses.EnteredInError)]
    public void A_withdrawn_flag_still_not_desired_is_left_alone(string status) =>
        Assert.Empty(FlagRules.Diff(Evaluation(), [new ExistingFlag(Id(50), FlagRuleCodes.WasNotBrought, null, status, 2, "h1")]));

    [Fact]
    public void A_withdrawn_flag_desired_again_is_raised_again_as_its_next_version()
    {
        var wanted = Wanted(FlagRuleCodes.WasNotBrought, null, "h1");

        var change = Assert.Single(FlagRules.Diff(Evaluation(wanted), [new ExistingFlag(Id(50), wanted.Code, null, FlagStatuses.Inactive, 2, "h1")]));

        Assert.Equal(new FlagChange(FlagMessageTypes.Raised, FlagStatuses.Active, wanted.Code, null, Id(50), 3, wanted) { About = FlagPerson.Child }, change);
    }

    [Fact]
    public void The_same_code_about_another_person_is_another_flag()
    {
        var changes = FlagRules.Diff(
            Evaluation(Wanted(FlagRuleCodes.SignificantMaleLinked, OtherManId, "h1")),
            [new ExistingFlag(Id(50), FlagRuleCodes.SignificantMaleLinked, ManId, FlagStatuses.Active, 1, "h1")]);

        Assert.Equal(
            [(FlagMessageTypes.Raised, (Guid?)OtherManId), (FlagMessageTypes.Withdrawn, ManId)],
            changes.Select(c => (c.Event, c.PersonId)).OrderBy(c => c.Event, StringComparer.Ordinal));
    }

    [Fact]
    public void Changes_come_ordered_by_code_then_person()
    {
        var changes = FlagRules.Diff(
            Evaluation(Wanted(FlagRuleCodes.WasNotBrought, null, "a"), Wanted(FlagRuleCodes.SignificantMaleLinked, OtherManId, "b"), Wanted(FlagRuleCodes.SignificantMaleLinked, ManId, "c")),
            []);

        Assert.Equal(
            [(FlagRuleCodes.SignificantMaleLinked, (Guid?)ManId), (FlagRuleCodes.SignificantMaleLinked, OtherManId), (FlagRuleCodes.WasNotBrought, null)],
            changes.Select(c => (c.Code, c.PersonId)));
    }
}
