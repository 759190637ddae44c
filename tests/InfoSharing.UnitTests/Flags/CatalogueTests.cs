using System.Text;
using InfoSharing.Domain.Flags;

namespace InfoSharing.UnitTests.Flags;

public sealed class When_the_flag_catalogue_is_loaded
{
    private readonly FlagCatalogue _catalogue = FlagCatalogue.Default;

    [Fact]
    public void Every_rule_code_has_an_entry_and_every_entry_a_rule()
    {
        Assert.Equal(FlagRuleCodes.All.Order(StringComparer.Ordinal), _catalogue.Flags.Select(f => f.Code).Order(StringComparer.Ordinal));
        Assert.Equal(FlagRuleCodes.All.Count, FlagRuleCodes.All.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Has_a_version() => Assert.Matches(@"^\d{4}-\d{2}-\d{2}\.\d+$", _catalogue.Version);

    [Fact]
    public void Every_entry_says_what_to_do_and_who_receives_it()
    {
        Assert.All(_catalogue.Flags, f =>
        {
            Assert.False(string.IsNullOrWhiteSpace(f.Display), f.Code);
            Assert.False(string.IsNullOrWhiteSpace(f.Rule), f.Code);
            Assert.True(f.RecommendedAction.Length > 150, $"{f.Code}: the recommended action should speak to practitioners");
            Assert.NotEmpty(f.DefaultSubscribers);
            Assert.Contains(f.Severity, FlagCatalogue.Severities);
        });
    }

    [Fact]
    public void Only_the_two_domestic_abuse_flags_are_domestic_abuse_sensitive()
    {
        var sensitive = _catalogue.Flags.Where(f => f.Sensitivity == FlagSensitivity.DomesticAbuse).Select(f => f.Code).Order(StringComparer.Ordinal);

        Assert.Equal([FlagRuleCodes.AbusivePartnerContactResumed, FlagRuleCodes.LinkedMaleDomesticAbuse], sensitive);
    }

    [Fact]
    public void Bruising_in_a_non_mobile_infant_is_urgent_and_follows_the_unexplained_injuries_procedure()
    {
        var flag = _catalogue[FlagRuleCodes.NonMobileInfantBruising];

        Assert.Equal("urgent", flag.Severity);
        Assert.Contains("unexplained injuries", flag.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void The_thresholds_are_data()
    {
        Assert.Equal(28, _catalogue[FlagRuleCodes.LinkedMaleNotSeen].Parameter("graceDays"));
        Assert.Equal(365, _catalogue[FlagRuleCodes.WasNotBrought].Parameter("windowDays"));
        Assert.Equal(2, _catalogue[FlagRuleCodes.WasNotBrought].Parameter("minimum"));
        Assert.Equal(6, _catalogue[FlagRuleCodes.NonMobileInfantBruising].Parameter("nonMobileMonths"));
    }

    [Fact]
    public void Recommended_actions_carry_the_practice_messages()
    {
        Assert.Contains("ICON", _catalogue[FlagRuleCodes.SignificantMaleLinked].RecommendedAction, StringComparison.Ordinal);
        Assert.Contains("professionally curious", _catalogue[FlagRuleCodes.SignificantMaleLinked].RecommendedAction, StringComparison.Ordinal);
        Assert.Contains("pre-birth assessment", _catalogue[FlagRuleCodes.CareLeaverPreBirth].RecommendedAction, StringComparison.Ordinal);
        Assert.Contains("Do not discuss this", _catalogue[FlagRuleCodes.LinkedMaleDomesticAbuse].RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_code_fails_loudly() =>
        Assert.Throws<KeyNotFoundException>(() => _catalogue["no-such-flag"]);

    [Fact]
    public void A_missing_parameter_fails_loudly() =>
        Assert.Throws<KeyNotFoundException>(() => _catalogue[FlagRuleCodes.SignificantMaleLinked].Parameter("graceDays"));
}

public sealed class When_a_catalogue_has_a_severity_outside_the_scale
{
    [Fact]
    public void Refuses_to_load()
    {
        const string json = """{ "version": "x", "flags": [ { "code": "a", "display": "A", "severity": "catastrophic", "rule": "r", "defaultSubscribers": [], "recommendedAction": "act" } ] }""";

        var error = Assert.Throws<InvalidOperationException>(() => FlagCatalogue.Load(new MemoryStream(Encoding.UTF8.GetBytes(json))));
        Assert.Contains("catastrophic", error.Message, StringComparison.Ordinal);
    }
}

public sealed class When_a_catalogue_lacks_a_rule_code
{
    [Fact]
    public void Evaluation_fails_rather_than_raise_an_undefined_flag()
    {
        const string json = """{ "version": "x", "flags": [ { "code": "significant-male-linked", "display": "A", "severity": "information", "rule": "r", "defaultSubscribers": [], "recommendedAction": "act" } ] }""";
        var catalogue = FlagCatalogue.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)));

        Assert.Throws<KeyNotFoundException>(() => FlagRules.Evaluate(Facts.Unborn(Facts.Man(Facts.Relationship())), catalogue));
    }
}
