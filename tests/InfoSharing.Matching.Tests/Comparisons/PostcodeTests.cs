using InfoSharing.Matching.Comparisons;

namespace InfoSharing.Matching.Tests.Comparisons;

public sealed class When_a_uk_postcode_is_read
{
    [Theory]
    [InlineData("SW1A 1AA", "SW1A1AA", "SW1A 1", "SW1A")]
    [InlineData("ls12 3ab", "LS123AB", "LS12 3", "LS12")]
    [InlineData("M1 1AE", "M11AE", "M1 1", "M1")]
    [InlineData(" b33 8th ", "B338TH", "B33 8", "B33")]
    public void Splits_it_into_sector_and_district(string raw, string full, string sector, string district)
    {
        var postcode = Postcode.Parse(raw)!;

        Assert.True(postcode.IsUk);
        Assert.Equal(full, postcode.Full);
        Assert.Equal(sector, postcode.Sector);
        Assert.Equal(district, postcode.District);
    }

    [Fact]
    public void Treats_a_four_digit_code_as_a_prefix_code()
    {
        var postcode = Postcode.Parse("4223")!;

        Assert.False(postcode.IsUk);
        Assert.Equal("422", postcode.Sector);
        Assert.Equal("42", postcode.District);
    }
}

public sealed class When_postcodes_are_compared
{
    private static readonly PostcodeComparison Comparison = new();

    private static string Level(string left, string right) =>
        Comparison.LevelNames[Comparison.Compare(
            PreparedPerson.Prepare(new PersonRecord { Id = "l", Postcode = left }),
            PreparedPerson.Prepare(new PersonRecord { Id = "r", Postcode = right }))];

    [Theory]
    [InlineData("LS12 3AB", "ls123ab", "exact")]
    [InlineData("LS12 3AB", "LS12 3XY", "sector")]
    [InlineData("LS12 3AB", "LS13 3AB", "one-edit")]
    [InlineData("LS12 3AB", "LS12 7QT", "district")]
    [InlineData("LS12 3AB", "M1 1AE", "else")]
    [InlineData("4223", "4223", "exact")]
    [InlineData("4223", "4228", "sector")]
    [InlineData("4223", "4323", "one-edit")]
    [InlineData("4223", "4261", "district")]
    [InlineData("4223", "3155", "else")]
    public void Gives_full_sector_edit_and_district_levels(string left, string right, string level) =>
        Assert.Equal(level, Level(left, right));
}
