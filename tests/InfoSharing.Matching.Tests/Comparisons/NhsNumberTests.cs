using InfoSharing.Matching.Live;
using InfoSharing.Matching.Model;
using InfoSharing.Matching.Tests.Support;

namespace InfoSharing.Matching.Tests.Comparisons;

// Every number here is from the 999 range, which the NHS never issues.
public sealed class When_records_carry_nhs_numbers
{
    private static PersonMatcher Matcher => new(Trained.SyntheticDedup.Model);

    [Fact]
    public void Equal_valid_numbers_match_whatever_the_names_say()
    {
        var result = Matcher.Match(
            Trained.Person("in", "Kwame", "Mensah", "1990-05-01", postcode: "M1 1AE", nhs: "9990000026"),
            [MatchCandidate.From("p1", Trained.Person("c", "Chloe", "Bates", "1971-12-30", nhs: "9990000026"))]);

        Assert.Equal(MatchDecision.Match, result.Decision);
        Assert.Equal(MatchRules.NhsNumberExact, result.Rule);
        Assert.Equal("p1", result.PersonId);
    }

    [Theory]
    [InlineData("9990000019")]
    [InlineData("0000000000")]
    [InlineData("9999999999")]
    [InlineData("999000001")]
    public void An_invalid_or_placeholder_number_is_never_trusted(string number)
    {
        var person = PreparedPerson.Prepare(Trained.Person("a", "Ann", "Lee", "1980-01-02", nhs: number));

        Assert.Null(person.NhsNumber);
        var result = Matcher.Match(
            Trained.Person("in", "Kwame", "Mensah", "1990-05-01", postcode: "M1 1AE", nhs: number),
            [MatchCandidate.From("p1", Trained.Person("c", "Chloe", "Bates", "1971-12-30", nhs: number))]);
        Assert.Equal(MatchDecision.NoMatch, result.Decision);
    }

    [Fact]
    public void Different_valid_numbers_are_never_linked_automatically()
    {
        var result = Matcher.Match(
            Trained.Person("in", "Amy", "Hartley", "1990-05-01", nhs: "9990000018", sex: "female"),
            [MatchCandidate.From("p1", Trained.Person("c", "Amy", "Hartley", "1990-05-01", nhs: "9990000026", sex: "female"))]);

        Assert.NotEqual(MatchDecision.Match, result.Decision);
        Assert.Equal(MatchRules.NhsNumberConflict, result.Best!.Score.Rule);
    }
}
