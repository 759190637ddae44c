using InfoSharing.Matching.Comparisons;

namespace InfoSharing.Matching.Tests.Comparisons;

public sealed class When_dates_of_birth_are_compared
{
    private static readonly BirthDateComparison Comparison = new();

    private static string Level(string? left, string? right) =>
        Comparison.LevelNames[Comparison.Compare(
            PreparedPerson.Prepare(new PersonRecord { Id = "l", BirthDate = left }),
            PreparedPerson.Prepare(new PersonRecord { Id = "r", BirthDate = right }))];

    [Theory]
    [InlineData("1985-03-12", "1985-03-12", "exact")]
    [InlineData("1985-03-12", "19850312", "exact")]
    [InlineData("1985-03-12", "12/03/1985", "exact")]
    [InlineData("1985-03-12", "1985-12-03", "day-month-swapped")]
    [InlineData("1985-03-12", "1985-03-13", "one-edit")]
    [InlineData("1985-03-12", "1958-03-12", "one-edit")]
    [InlineData("1979-06-30", "1980-06-30", "year-one-off")]
    [InlineData("1985-03-12", "1985-04-22", "two-edits")]
    [InlineData("1985-03-12", "2019-03-12", "partial")]
    [InlineData("1985-03-12", "1962-11-27", "else")]
    [InlineData("1985-03-12", null, "null")]
    public void Gives_the_level_for_the_kind_of_difference(string left, string? right, string level) =>
        Assert.Equal(level, Level(left, right));

    [Theory]
    [InlineData("1900-01-01")]
    [InlineData("01/01/1900")]
    [InlineData("1800-01-01")]
    [InlineData("11111111")]
    [InlineData("0001-01-01")]
    public void Treats_a_placeholder_date_as_missing_never_as_agreement(string placeholder) =>
        Assert.Equal("null", Level(placeholder, placeholder));

    [Fact]
    public void Keeps_an_impossible_date_so_that_it_can_still_agree_in_part() =>
        Assert.Equal("one-edit", Level("19851312", "19850312"));

    [Fact]
    public void Ignores_text_that_is_not_a_date() => Assert.Null(BirthDate.Parse("about 1980"));
}
