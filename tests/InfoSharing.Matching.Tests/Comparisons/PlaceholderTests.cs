using InfoSharing.Matching.Live;
using InfoSharing.Matching.Model;
using InfoSharing.Matching.Tests.Support;

namespace InfoSharing.Matching.Tests.Comparisons;

public sealed class When_a_record_names_nobody_in_particular
{
    [Theory]
    [InlineData("Baby", "Smith")]
    [InlineData("BABY BOY", "Smith")]
    [InlineData("Twin 2", "Smith")]
    [InlineData("Unknown", "Smith")]
    [InlineData("Father", "Unknown")]
    [InlineData("Not known", null)]
    [InlineData("John", "Doe-Unknown")]
    [InlineData("NK", "Smith")]
    public void Is_a_placeholder(string given, string? family) =>
        Assert.True(PreparedPerson.Prepare(new PersonRecord { Id = "p", GivenName = given, FamilyName = family }).IsPlaceholder);

    [Theory]
    [InlineData("Babs", "Smith")]
    [InlineData("Son", "Nguyen")]
    [InlineData("Anna", "Unwin")]
    public void A_real_name_is_not(string given, string family) =>
        Assert.False(PreparedPerson.Prepare(new PersonRecord { Id = "p", GivenName = given, FamilyName = family }).IsPlaceholder);

    [Fact]
    public void Two_identical_placeholder_records_are_never_matched()
    {
        var matcher = new PersonMatcher(Trained.SyntheticDedup.Model);
        var baby = Trained.Person("in", "Baby", "Smith", "2026-03-01");
        var twin = MatchCandidate.From("person-1", Trained.Person("c1", "Baby", "Smith", "2026-03-01"));

        var result = matcher.Match(baby, [twin]);

        Assert.Equal(MatchDecision.NoMatch, result.Decision);
        Assert.Equal(MatchRules.Placeholder, result.Rule);
        Assert.Equal(MatchRules.Placeholder, result.Best!.Score.Rule);
    }

    [Fact]
    public void A_placeholder_is_still_found_by_its_valid_nhs_number()
    {
        var matcher = new PersonMatcher(Trained.SyntheticDedup.Model);
        var baby = Trained.Person("in", "Baby", "Smith", "2026-03-01", nhs: "9990000018");
        var named = MatchCandidate.From("person-1", Trained.Person("c1", "Isla", "Smith", "2026-03-01", nhs: "999 000 0018"));

        var result = matcher.Match(baby, [named]);

        Assert.Equal(MatchDecision.Match, result.Decision);
        Assert.Equal(MatchRules.NhsNumberExact, result.Rule);
    }

    [Fact]
    public void A_placeholder_date_gives_no_evidence()
    {
        var scorer = new PairScorer(Trained.SyntheticDedup.Model);
        var score = scorer.Score(
            PreparedPerson.Prepare(Trained.Person("a", "Ann", "Lee", "1900-01-01")),
            PreparedPerson.Prepare(Trained.Person("b", "Bob", "Ray", "1900-01-01")));

        var date = Assert.Single(score.Contributions, c => c.Comparison == "birth_date");
        Assert.Equal("null", date.Level);
        Assert.Equal(0, date.Weight);
    }
}
