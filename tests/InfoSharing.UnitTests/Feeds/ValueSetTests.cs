using System.Text;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Terminology;
using InfoSharing.Domain.Terminology.Build;
using InfoSharing.UnitTests.Support;

namespace InfoSharing.UnitTests.Feeds;

public sealed class When_the_value_sets_are_built_from_the_code_lists
{
    private static readonly string Terminology = TestData.RepositoryPath("src/InfoSharing.Domain/Terminology");

    private static IReadOnlyList<BuiltValueSet> Build() =>
        ValueSetBuilder.Build(
            ValueSetBuilder.ReadRecipe(File.ReadAllText(Path.Combine(Terminology, "sources", "value-sets.recipe.json"))),
            list => File.ReadAllText(Path.Combine(Terminology, "sources", list)));

    [Fact]
    public void The_committed_value_sets_are_what_the_recipe_and_the_lists_give() =>
        Assert.All(Build(), built => Assert.True(
            File.ReadAllText(Path.Combine(Terminology, "valuesets", built.FileName)) == built.Json,
            $"{built.FileName} differs from what the sources give: run `infosharing terminology build` and commit the result."));

    [Fact]
    public void Each_kind_has_one_and_its_description_names_what_it_draws_on_and_what_it_left_out()
    {
        var built = Build();

        Assert.Equal(IndicatorKinds.All, built.Select(b => b.Kind));
        var mentalHealth = built.Single(b => b.Kind == IndicatorKinds.MentalHealth);
        var description = ValueSetJson.Read(Encoding.UTF8.GetBytes(mentalHealth.Json), IndicatorKinds.MentalHealth, "x", ValueSetOrigins.BuiltIn).Description!;
        Assert.Contains("nhsd-pcd-depr_cod.csv", description, StringComparison.Ordinal);
        Assert.Contains("Left out:", description, StringComparison.Ordinal);
        Assert.Contains("Lists not used:", description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(?i)^family history|^FH:", "family history")]
    [InlineData(@"\(procedure\)$", "a procedure")]
    [InlineData(@"(?i)\bno longer\b", "an ended status")]
    public void No_value_set_holds(string pattern, string what)
    {
        var regex = new System.Text.RegularExpressions.Regex(pattern);
        foreach (var built in Build())
        {
            var offending = built.Report.Codes.Where(c => c.Display is { } d && regex.IsMatch(d)).Select(c => $"{c.Code} {c.Display}").ToList();
            Assert.True(offending.Count == 0, $"{built.Kind} holds {what}: {string.Join("; ", offending)}");
        }
    }

    [Fact]
    public void The_injury_list_is_filtered_to_what_a_practitioner_would_call_an_injury_to_a_baby()
    {
        var built = Build().Where(b => IndicatorKinds.InfantInjuries.Contains(b.Kind)).SelectMany(b => b.Report.Codes).ToList();

        Assert.DoesNotContain(built, c => c.Display is { } d && (d.Contains("embolism", StringComparison.OrdinalIgnoreCase) || d.Contains("necrosis", StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(built, c => c.Display is { } d && d.Contains("sunburn", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(built, c => c.Code == "125667009");
    }
}
