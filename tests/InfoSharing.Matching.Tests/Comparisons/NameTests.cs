using InfoSharing.Matching.Comparisons;
using InfoSharing.Matching.Names;

namespace InfoSharing.Matching.Tests.Comparisons;

public sealed class When_given_names_are_looked_up_in_the_alias_table
{
    [Theory]
    [InlineData("bob", "robert")]
    [InlineData("Bill", "William")]
    [InlineData("liz", "elizabeth")]
    [InlineData("peggy", "margaret")]
    [InlineData("hamish", "james")]
    [InlineData("jimmy", "james")]
    public void Finds_nicknames_and_other_forms(string left, string right) =>
        Assert.True(NameAliases.Default.AreAliases(TextNormaliser.Name(left), TextNormaliser.Name(right)));

    [Theory]
    [InlineData("robert", "william")]
    [InlineData("smith", "jones")]
    [InlineData("zebedee", "zebedee")]
    public void Does_not_join_unrelated_names(string left, string right) =>
        Assert.False(NameAliases.Default.AreAliases(left, right));

    [Fact]
    public void Puts_an_ambiguous_nickname_in_every_group_it_belongs_to()
    {
        Assert.True(NameAliases.Default.AreAliases("chris", "christopher"));
        Assert.True(NameAliases.Default.AreAliases("chris", "christine"));
        Assert.False(NameAliases.Default.AreAliases("christopher", "christine"));
    }

    [Fact]
    public void Reads_a_table_given_as_text()
    {
        var table = NameAliases.Parse(new StringReader("# comment\nalpha,alf\nbeta, bet \n"));

        Assert.Equal(2, table.GroupCount);
        Assert.True(table.AreAliases("beta", "bet"));
        Assert.False(table.AreAliases("alpha", "beta"));
    }
}

public sealed class When_names_are_compared
{
    private static string GivenLevel(string? left, string? right, string? leftFamily = "smith", string? rightFamily = "smith")
    {
        var comparison = new GivenNameComparison();
        return comparison.LevelNames[comparison.Compare(
            PreparedPerson.Prepare(new PersonRecord { Id = "l", GivenName = left, FamilyName = leftFamily }),
            PreparedPerson.Prepare(new PersonRecord { Id = "r", GivenName = right, FamilyName = rightFamily }))];
    }

    private static string FamilyLevel(string left, string right)
    {
        var comparison = new FamilyNameComparison();
        return comparison.LevelNames[comparison.Compare(
            PreparedPerson.Prepare(new PersonRecord { Id = "l", GivenName = "anne", FamilyName = left }),
            PreparedPerson.Prepare(new PersonRecord { Id = "r", GivenName = "anne", FamilyName = right }))];
    }

    [Theory]
    [InlineData("Siobhan", "SIOBHAN", "exact")]
    [InlineData("Robert", "Bob", "alias")]
    [InlineData("Jonathon", "Jonathan", "jw-0.92")]
    [InlineData("Micheal", "Michael", "alias")]
    [InlineData("Rebbeca", "Rebecca", "jw-0.92")]
    [InlineData("Jeffery", "Geoffrey", "alias")]
    [InlineData("Sean", "Shaun", "alias")]
    [InlineData("Kathryn", "Catherine", "alias")]
    [InlineData("Zoe", "Zowie", "metaphone")]
    [InlineData("J", "John", "initial")]
    [InlineData("Mary Ann", "Mary", "jw-0.80")]
    [InlineData("Olivia", "Trevor", "else")]
    [InlineData(null, "Trevor", "null")]
    public void Gives_the_level_for_the_kind_of_difference(string? left, string right, string level) =>
        Assert.Equal(level, GivenLevel(left, right));

    [Fact]
    public void Recognises_given_and_family_names_swapped() =>
        Assert.Equal("swapped", GivenLevel("thomas", "lee", leftFamily: "lee", rightFamily: "thomas"));

    [Theory]
    [InlineData("O'Brien", "obrien", "exact")]
    [InlineData("Smyth", "Smith", "metaphone")]
    [InlineData("Thompson", "Tomson", "jw-0.92")]
    [InlineData("Schmidt", "Smith", "metaphone")]
    [InlineData("Smith-Jones", "Jones", "shared-part")]
    [InlineData("Patel", "Okafor", "else")]
    public void Gives_family_name_levels(string left, string right, string level) =>
        Assert.Equal(level, FamilyLevel(left, right));
}
