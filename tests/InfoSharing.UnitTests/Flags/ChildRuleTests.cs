using InfoSharing.Domain.Flags;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Relationships;
using static InfoSharing.UnitTests.Flags.Facts;

namespace InfoSharing.UnitTests.Flags;

public sealed class When_the_mother_of_an_unborn_child_is_a_care_leaver
{
    private readonly IndicatorFact _careLeaver = Indicator(IndicatorKinds.CareLeaver, agency: "childrens-social-care");

    [Fact]
    public void Raises_care_leaver_pre_birth_about_her()
    {
        var flag = Desired(Unborn() with { MotherIndicators = [_careLeaver] }).Find(FlagRuleCodes.CareLeaverPreBirth, MotherId);

        Assert.NotNull(flag);
        Assert.Equal(FlagPerson.Mother, flag.About);
        Assert.Null(flag.LinkConfidence);
        Assert.Equal([new EvidenceRef(EvidenceKinds.Indicator, _careLeaver.Id)], flag.Evidence);
    }

    [Fact]
    public void Does_not_raise_it_once_the_baby_is_born() =>
        Assert.Empty(Desired(Born(DaysAgo(3)) with { MotherIndicators = [_careLeaver] }));
}

public sealed class When_a_father_of_an_unborn_child_is_a_care_leaver
{
    [Theory]
    [InlineData(RelationshipType.BiologicalFather)]
    [InlineData(RelationshipType.NonBirthingParent)]
    [InlineData(RelationshipType.MothersPartner)]
    public void Raises_care_leaver_pre_birth_about_a_parent(RelationshipType type)
    {
        var flag = Desired(Unborn(Man(Relationship(type), Indicator(IndicatorKinds.CareLeaver)))).Find(FlagRuleCodes.CareLeaverPreBirth, ManId);

        Assert.NotNull(flag);
        Assert.Equal(FlagPerson.LinkedMale, flag.About);
        Assert.Equal(type, flag.Relationship);
    }

    [Theory]
    [InlineData(RelationshipType.HouseholdMember)]
    [InlineData(RelationshipType.NonResidentCarer)]
    [InlineData(RelationshipType.OtherSignificantMale)]
    public void Does_not_raise_it_for_a_man_who_is_not_a_parent(RelationshipType type) =>
        Assert.DoesNotContain(FlagRuleCodes.CareLeaverPreBirth, Desired(Unborn(Man(Relationship(type), Indicator(IndicatorKinds.CareLeaver)))).Codes());

    [Fact]
    public void Does_not_raise_it_after_the_birth() =>
        Assert.DoesNotContain(FlagRuleCodes.CareLeaverPreBirth, Desired(Born(DaysAgo(10), Man(Relationship(), Indicator(IndicatorKinds.CareLeaver)))).Codes());
}

public sealed class When_an_infant_is_not_brought_to_appointments
{
    private static AppointmentFact Missed(int daysAgo, string agency = "gp") => new(NewId(), agency, DaysAgo(daysAgo), NotAttended: true);

    private static InfantPicture Infant(params AppointmentFact[] appointments) => Born(DaysAgo(400)) with { InfantAppointments = appointments };

    [Fact]
    public void Two_missed_in_the_last_year_raise_was_not_brought()
    {
        var first = Missed(300);
        var second = Missed(10, "health-visiting");

        var flag = Desired(Infant(first, second)).Find(FlagRuleCodes.WasNotBrought);

        Assert.NotNull(flag);
        Assert.Equal(FlagPerson.Child, flag.About);
        Assert.Equal(2, flag.Evidence.Count);
        Assert.Equal(["gp", "health-visiting"], flag.SourceAgencies);
    }

    [Fact]
    public void One_missed_appointment_is_not_enough() =>
        Assert.Null(Desired(Infant(Missed(10))).Find(FlagRuleCodes.WasNotBrought));

    [Fact]
    public void Attended_appointments_do_not_count() =>
        Assert.Null(Desired(Infant(Missed(10), new AppointmentFact(NewId(), "gp", DaysAgo(20), NotAttended: false))).Find(FlagRuleCodes.WasNotBrought));

    [Fact]
    public void One_missed_appointment_recorded_by_two_agencies_counts_once() =>
        Assert.Null(Desired(Infant(Missed(10, "gp"), Missed(10, "health-visiting"))).Find(FlagRuleCodes.WasNotBrought));

    [Fact]
    public void A_miss_364_days_ago_is_inside_the_window() =>
        Assert.NotNull(Desired(Infant(Missed(364), Missed(1))).Find(FlagRuleCodes.WasNotBrought));

    [Fact]
    public void A_miss_365_days_ago_has_left_the_window() =>
        Assert.Null(Desired(Infant(Missed(365), Missed(1))).Find(FlagRuleCodes.WasNotBrought));

    [Fact]
    public void An_undated_appointment_does_not_count() =>
        Assert.Null(Desired(Infant(Missed(5), new AppointmentFact(NewId(), "gp", null, NotAttended: true))).Find(FlagRuleCodes.WasNotBrought));

    [Fact]
    public void A_coded_was_not_brought_on_another_day_counts_with_an_appointment()
    {
        var picture = Infant(Missed(5)) with { InfantIndicators = [Indicator(IndicatorKinds.WasNotBrought, DaysAgo(40), agency: "health-visiting")] };

        Assert.NotNull(Desired(picture).Find(FlagRuleCodes.WasNotBrought));
    }

    [Fact]
    public void A_withdrawn_coded_was_not_brought_does_not_count()
    {
        var picture = Infant(Missed(5)) with { InfantIndicators = [Indicator(IndicatorKinds.WasNotBrought, DaysAgo(40), active: false)] };

        Assert.Null(Desired(picture).Find(FlagRuleCodes.WasNotBrought));
    }
}

public sealed class When_an_injury_is_recorded_for_an_infant
{
    private static readonly DateOnly BirthDate = DaysAgo(60);

    private static InfantPicture Injured(DateOnly? birthDate, DateOnly injuredOn, bool active = true) =>
        (birthDate is { } born ? Born(born) : Born(BirthDate) with { BirthDate = null }) with
        {
            InfantIndicators = [Indicator(IndicatorKinds.InfantInjury, injuredOn, active: active, agency: "gp")],
        };

    [Fact]
    public void At_eight_weeks_raises_the_urgent_non_mobile_bruising_flag()
    {
        var flag = Desired(Injured(BirthDate, BirthDate.AddDays(56))).Find(FlagRuleCodes.NonMobileInfantBruising);

        Assert.NotNull(flag);
        Assert.Equal(FlagPerson.Child, flag.About);
        Assert.Equal("urgent", FlagCatalogue.Default[flag.Code].Severity);
    }

    [Fact]
    public void The_day_before_six_months_still_counts_as_not_mobile()
    {
        var born = DaysAgo(200);

        Assert.NotNull(Desired(Injured(born, born.AddMonths(6).AddDays(-1))).Find(FlagRuleCodes.NonMobileInfantBruising));
    }

    [Fact]
    public void At_six_months_it_does_not()
    {
        var born = DaysAgo(200);

        Assert.Null(Desired(Injured(born, born.AddMonths(6))).Find(FlagRuleCodes.NonMobileInfantBruising));
    }

    [Fact]
    public void Without_a_birth_date_the_infant_is_taken_as_not_mobile() =>
        Assert.NotNull(Desired(Injured(null, DaysAgo(2))).Find(FlagRuleCodes.NonMobileInfantBruising));

    [Fact]
    public void An_injury_indicator_no_longer_active_raises_nothing() =>
        Assert.Null(Desired(Injured(BirthDate, DaysAgo(2), active: false)).Find(FlagRuleCodes.NonMobileInfantBruising));

    [Fact]
    public void Nothing_is_raised_for_an_unborn_child() =>
        Assert.Empty(Desired(Unborn() with { InfantIndicators = [Indicator(IndicatorKinds.InfantInjury, DaysAgo(2))] }));
}
