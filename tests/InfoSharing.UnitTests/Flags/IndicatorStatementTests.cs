using InfoSharing.Contracts;
using InfoSharing.Domain.Flags;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Relationships;
using InfoSharing.Domain.Terminology;
using static InfoSharing.UnitTests.Flags.Facts;

namespace InfoSharing.UnitTests.Flags;

/// <summary>What stored statements mean now: the latest about a resource wins, and kinds come from the value sets in force.</summary>
public sealed class When_statements_about_the_same_record_arrive_over_time
{
    private static readonly RelationshipCode Depression = new(FhirUrls.SnomedCt, "35489007");

    private static StoredIndicator Statement(int minutes, bool active = true, bool enteredInError = false, string? resource = "r1", Guid? person = null, string? certainty = null, RelationshipCode? code = null) => new()
    {
        Id = NewId(),
        PersonId = person ?? ManId,
        Agency = "gp",
        Kind = IndicatorKinds.MentalHealth,
        Codings = [code ?? Depression],
        SourceResource = resource,
        StatedAt = Now.AddMinutes(minutes),
        RecordedAt = Now,
        Active = active,
        EnteredInError = enteredInError,
        Certainty = certainty,
        From = DaysAgo(30),
    };

    private static bool Counts(IndicatorFact fact) => fact.Active && !fact.EnteredInError;

    private static List<IndicatorFact> Resolve(IndicatorTerminology? terms = null, params StoredIndicator[] statements) =>
        IndicatorStatements.Resolve(statements, terms ?? IndicatorTerminology.BuiltIn, new HashSet<Guid> { ManId }).Select(f => f.Fact).ToList();

    [Fact]
    public void A_later_resolution_ends_the_indicator() =>
        Assert.False(Counts(Assert.Single(Resolve(null, Statement(0), Statement(10, active: false)))));

    [Fact]
    public void The_order_of_arrival_does_not_matter_the_time_it_was_recorded_does() =>
        Assert.False(Counts(Assert.Single(Resolve(null, Statement(10, active: false), Statement(0)))));

    [Fact]
    public void Entered_in_error_makes_every_statement_about_it_entered_in_error()
    {
        var facts = Resolve(null, Statement(0), Statement(10, enteredInError: true));

        Assert.Equal(2, facts.Count);
        Assert.All(facts, f => Assert.True(f.EnteredInError && !Counts(f)));
    }

    [Fact]
    public void A_record_moved_to_another_person_stops_counting_for_the_first() =>
        Assert.Empty(Resolve(null, Statement(0), Statement(10, person: OtherManId)));

    [Fact]
    public void Records_without_an_identity_stand_alone() =>
        Assert.Equal(2, Resolve(null, Statement(0, resource: null), Statement(10, active: false, resource: null)).Count(f => f.Kind == IndicatorKinds.MentalHealth));

    [Fact]
    public void A_stored_code_taken_out_of_its_value_set_no_longer_gives_the_kind()
    {
        var narrowed = IndicatorTerminology.BuiltIn.With(new IndicatorValueSet
        {
            Kind = IndicatorKinds.MentalHealth, Version = "narrow", Origin = ValueSetOrigins.Imported, Codes = [],
        });

        Assert.Empty(Resolve(narrowed, Statement(0)));
    }

    [Fact]
    public void An_unconfirmed_diagnosis_does_not_count_but_an_unconfirmed_injury_to_a_baby_does()
    {
        Assert.False(Counts(Assert.Single(Resolve(null, Statement(0, certainty: IndicatorCertainty.Unconfirmed)))));
        var fracture = Statement(0, certainty: IndicatorCertainty.Unconfirmed, code: new RelationshipCode(FhirUrls.SnomedCt, "125605004"));
        Assert.True(Counts(Assert.Single(Resolve(null, fracture))));
    }

    [Fact]
    public void A_provisional_diagnosis_counts() =>
        Assert.True(Counts(Assert.Single(Resolve(null, Statement(0, certainty: IndicatorCertainty.Provisional)))));
}

public sealed class When_a_flag_rested_on_a_record_entered_in_error
{
    [Fact]
    public void It_is_withdrawn_as_entered_in_error()
    {
        var link = Relationship();
        var depression = Indicator(IndicatorKinds.MentalHealth);
        var before = Unborn(Man(link, depression));
        var existing = Evaluate(before).Desired.Select((f, i) => f.AsExisting(Id(700 + i))).ToList();

        var changes = FlagRules.Diff(Evaluate(Unborn(Man(link, depression with { EnteredInError = true }))), existing);

        var withdrawn = Assert.Single(changes);
        Assert.Equal((FlagRuleCodes.LinkedMaleMentalHealth, FlagStatuses.EnteredInError), (withdrawn.Code, withdrawn.Status));
    }

    [Fact]
    public void A_resolved_one_is_withdrawn_inactive()
    {
        var link = Relationship();
        var depression = Indicator(IndicatorKinds.MentalHealth);
        var existing = Evaluate(Unborn(Man(link, depression))).Desired.Select((f, i) => f.AsExisting(Id(720 + i))).ToList();

        var withdrawn = Assert.Single(FlagRules.Diff(Evaluate(Unborn(Man(link, depression with { Active = false }))), existing));

        Assert.Equal(FlagStatuses.Inactive, withdrawn.Status);
    }

    [Fact]
    public void A_resolved_one_is_inactive_even_when_another_record_about_him_was_entered_in_error()
    {
        var link = Relationship();
        var depression = Indicator(IndicatorKinds.MentalHealth);
        var mistaken = Indicator(IndicatorKinds.MentalHealth) with { EnteredInError = true };
        var existing = Evaluate(Unborn(Man(link, depression, mistaken))).Desired
            .Select((f, i) => f.AsExisting(Id(740 + i)) with { Evidence = f.Evidence.Select(e => e.Id).ToHashSet() })
            .ToList();

        var withdrawn = Assert.Single(FlagRules.Diff(Evaluate(Unborn(Man(link, depression with { Active = false }, mistaken))), existing));

        Assert.Equal(FlagStatuses.Inactive, withdrawn.Status);
    }
}

public sealed class When_the_learning_calls_for_a_flag_on_new_kinds
{
    [Fact]
    public void Self_harm_raises_the_mental_health_flag() =>
        Assert.Contains(FlagRuleCodes.LinkedMaleMentalHealth, Desired(Unborn(Man(Relationship(), Indicator(IndicatorKinds.SelfHarm)))).Codes());

    [Fact]
    public void Violence_raises_its_own_flag() =>
        Assert.Contains(FlagRuleCodes.LinkedMaleViolence, Desired(Unborn(Man(Relationship(), Indicator(IndicatorKinds.ViolentBehaviour)))).Codes());

    [Theory]
    [InlineData(IndicatorKinds.LookedAfter)]
    [InlineData(IndicatorKinds.ChildInNeed)]
    public void A_father_looked_after_or_in_need_raises_the_parent_flag(string kind) =>
        Assert.NotNull(Desired(Born(DaysAgo(20), Man(Relationship(), Indicator(kind)))).Find(FlagRuleCodes.ParentKnownToChildrensSocialCare, ManId));

    [Fact]
    public void A_household_member_who_is_not_a_parent_does_not() =>
        Assert.Null(Desired(Born(DaysAgo(20), Man(Relationship(RelationshipType.HouseholdMember), Indicator(IndicatorKinds.LookedAfter)))).Find(FlagRuleCodes.ParentKnownToChildrensSocialCare, ManId));

    [Theory]
    [InlineData(IndicatorKinds.LookedAfter)]
    [InlineData(IndicatorKinds.ChildInNeed)]
    [InlineData(IndicatorKinds.ChildProtectionHistory)]
    public void A_mother_known_as_a_child_raises_it_about_her(string kind) =>
        Assert.NotNull(Desired(Unborn() with { MotherIndicators = [Indicator(kind)] }).Find(FlagRuleCodes.ParentKnownToChildrensSocialCare, MotherId));

    [Theory]
    [InlineData(IndicatorKinds.InfantBruising)]
    [InlineData(IndicatorKinds.InfantFracture)]
    [InlineData(IndicatorKinds.InfantBurnOrScald)]
    [InlineData(IndicatorKinds.InfantHeadInjury)]
    [InlineData(IndicatorKinds.InfantSwelling)]
    [InlineData(IndicatorKinds.InfantInjury)]
    public void Every_injury_in_a_non_mobile_baby_raises_the_urgent_flag_and_names_itself(string kind)
    {
        var flag = Desired(Born(DaysAgo(50)) with { InfantIndicators = [Indicator(kind, from: DaysAgo(1))] }).Find(FlagRuleCodes.NonMobileInfantBruising);

        Assert.Equal([kind], flag?.Details);
    }

    [Fact]
    public void A_new_injury_type_changes_the_flag()
    {
        var bruise = Indicator(IndicatorKinds.InfantBruising, from: DaysAgo(2));
        var first = Desired(Born(DaysAgo(50)) with { InfantIndicators = [bruise] }).Find(FlagRuleCodes.NonMobileInfantBruising)!;
        var then = Desired(Born(DaysAgo(50)) with { InfantIndicators = [bruise, Indicator(IndicatorKinds.InfantFracture, from: DaysAgo(1)), Indicator(IndicatorKinds.InfantInjury, from: DaysAgo(1))] })
            .Find(FlagRuleCodes.NonMobileInfantBruising)!;

        Assert.Equal([IndicatorKinds.InfantBruising, IndicatorKinds.InfantFracture], then.Details);
        Assert.NotEqual(first.EvidenceHash, then.EvidenceHash);
    }
}
