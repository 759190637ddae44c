using InfoSharing.AgencyMessages.Tests.Support;
using InfoSharing.Domain.Ingest;

namespace InfoSharing.AgencyMessages.Tests;

public class When_a_marac_case_is_reviewed_and_then_closed
{
    [Fact]
    public void The_review_is_recorded_on_its_meeting_date_with_the_same_indicators_as_the_listing()
    {
        var listed = MaracExamples.Read(MaracExamples.Listed, "marac.case-listed.v1");
        var reviewed = MaracExamples.Read(MaracExamples.Reviewed, "marac.case-reviewed.v1");

        var review = Assert.Single(reviewed.MaracCases);
        Assert.Equal(("reviewed", "high", new DateOnly(2027, 1, 7)), (review.Event, review.RiskLevel, review.Date));
        Assert.Equal(listed.Indicators, reviewed.Indicators);
        Assert.Equal(listed.Pregnancies, reviewed.Pregnancies);
    }

    [Fact]
    public void The_closure_is_the_case_event_and_the_indicators_stay_active_as_history()
    {
        var closed = MaracExamples.Read(MaracExamples.Closed, "marac.case-closed.v1");

        var closure = Assert.Single(closed.MaracCases);
        Assert.Equal(("closed", "medium", new DateOnly(2027, 6, 3)), (closure.Event, closure.RiskLevel, closure.Date));
        Assert.Equal(
            [(IndicatorKinds.DomesticAbuseVictim, "MRC-P-501"), (IndicatorKinds.DomesticAbusePerpetrator, "MRC-P-502")],
            closed.Indicators.Select(i => (i.Kind, i.PersonKey)));
        Assert.All(closed.Indicators, i => Assert.True(i.Active && i.EffectiveTo is null));
    }

    [Fact]
    public void The_closure_lists_the_born_child_and_states_no_partner_link_for_a_former_partner()
    {
        var closed = MaracExamples.Read(MaracExamples.Closed, "marac.case-closed.v1");

        Assert.Equal(["MRC-P-503"], Assert.Single(closed.MaracCases).ChildKeys);
        Assert.Contains(closed.People, p => p.Key == "MRC-P-503" && p.Role == "child" && p.Details.TrustedNhsNumber == "9990000093");
        Assert.Empty(closed.Relationships);
        Assert.Empty(closed.Pregnancies);
    }
}
