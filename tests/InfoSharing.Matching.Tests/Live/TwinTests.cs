using InfoSharing.Matching.Live;
using InfoSharing.Matching.Model;
using InfoSharing.Matching.Tests.Support;

namespace InfoSharing.Matching.Tests.Live;

public sealed class When_two_records_could_be_twins
{
    private static readonly PersonMatcher Matcher = new(Trained.SyntheticDedup.Model);

    [Fact]
    public void Same_sex_date_family_name_and_address_but_unrelated_given_names_go_to_review()
    {
        var result = Matcher.Match(
            Trained.Person("in", "Olivia", "Hartley", "2024-02-29", sex: "female"),
            [MatchCandidate.From("p-1", Trained.Person("c", "Grace", "Hartley", "2024-02-29", sex: "female"))]);

        Assert.NotEqual(MatchDecision.Match, result.Decision);
        Assert.Equal(MatchRules.PossibleTwin, result.Best!.Score.Rule);
    }

    [Fact]
    public void A_nickname_is_not_taken_for_a_twin()
    {
        var result = Matcher.Match(
            Trained.Person("in", "Elizabeth", "Hartley", "2024-02-29", sex: "female"),
            [MatchCandidate.From("p-1", Trained.Person("c", "Beth", "Hartley", "2024-02-29", sex: "female"))]);

        Assert.Equal(MatchDecision.Match, result.Decision);
    }

    [Fact]
    public void Records_without_sex_are_left_to_the_weights() =>
        Assert.False(PairScorer.IsPossibleTwin(
            PreparedPerson.Prepare(Trained.Person("a", "Olivia", "Hartley", "2024-02-29")),
            PreparedPerson.Prepare(Trained.Person("b", "Grace", "Hartley", "2024-02-29"))));
}
