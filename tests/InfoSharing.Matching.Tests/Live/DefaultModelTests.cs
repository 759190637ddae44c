using InfoSharing.Matching.Live;
using InfoSharing.Matching.Model;

namespace InfoSharing.Matching.Tests.Live;

/// <summary>The embedded model a fresh system uses, on records shaped as agencies send them (no address lines, no phone).</summary>
public sealed class When_a_fresh_system_matches_with_the_built_in_model
{
    private static readonly PersonMatcher Matcher = new(DefaultModel.Instance);

    private static PersonRecord Live(string id, string given, string family, string birthDate, string? postcode, string sex = "male") =>
        new() { Id = id, GivenName = given, FamilyName = family, BirthDate = birthDate, Postcode = postcode, Sex = sex };

    private static MatchResult Decide(PersonRecord incoming, PersonRecord candidate) =>
        Matcher.Match(incoming, [MatchCandidate.From("p-1", candidate, "birth-date")]);

    [Fact]
    public void Loads_and_names_its_version()
    {
        Assert.StartsWith(FellegiSunterModel.Algorithm + "-", DefaultModel.Instance.Version, StringComparison.Ordinal);
    }

    [Fact]
    public void Joins_the_same_name_birth_date_sex_and_postcode()
    {
        var result = Decide(Live("in", "Dean", "Mockridge", "1990-08-19", "ZZ1 3CC"), Live("c", "Dean", "Mockridge", "1990-08-19", "ZZ1 3CC"));
        Assert.Equal(MatchDecision.Match, result.Decision);
    }

    [Fact]
    public void Joins_a_misspelt_family_name_with_the_same_birth_date_and_postcode()
    {
        var result = Decide(Live("in", "Dean", "Mockrige", "1990-08-19", "ZZ1 3CC"), Live("c", "Dean", "Mockridge", "1990-08-19", "ZZ1 3CC"));
        Assert.Equal(MatchDecision.Match, result.Decision);
        Assert.Equal(MatchRules.Probabilistic, result.Rule);
    }

    [Fact]
    public void Asks_a_person_when_only_the_names_agree()
    {
        var result = Decide(Live("in", "Dean", "Mockridge", "1985-03-02", "ZZ9 9ZZ"), Live("c", "Dean", "Mockridge", "1990-08-19", "ZZ1 3CC"));
        Assert.Equal(MatchDecision.PossibleMatch, result.Decision);
    }

    [Fact]
    public void Keeps_apart_two_men_who_share_only_a_birth_date()
    {
        var result = Decide(Live("in", "Jason", "Fictitious", "1990-08-19", "ZZ3 4DD"), Live("c", "Dean", "Mockridge", "1990-08-19", "ZZ1 3CC"));
        Assert.Equal(MatchDecision.NoMatch, result.Decision);
    }

    [Fact]
    public void Never_matches_a_placeholder_name()
    {
        var result = Decide(Live("in", "Baby", "Mockridge", "1990-08-19", "ZZ1 3CC"), Live("c", "Baby", "Mockridge", "1990-08-19", "ZZ1 3CC"));
        Assert.NotEqual(MatchDecision.Match, result.Decision);
    }
}
