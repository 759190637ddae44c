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

public sealed class When_a_terminology_server_expansion_is_read
{
    private static IndicatorValueSet Read(string json) => ValueSetJson.Read(Encoding.UTF8.GetBytes(json), IndicatorKinds.MentalHealth, "test", ValueSetOrigins.Imported);

    [Fact]
    public void Codes_nested_under_others_are_all_taken()
    {
        var valueSet = Read("""
            { "resourceType": "ValueSet", "url": "http://snomed.info/sct?fhir_vs=ecl/<<35489007", "version": "http://snomed.info/sct/83821000000107/version/20261119",
              "expansion": { "timestamp": "2026-11-30T10:00:00Z", "total": 3, "contains": [
                { "system": "http://snomed.info/sct", "code": "35489007", "display": "Depressive disorder", "contains": [
                  { "system": "http://snomed.info/sct", "code": "370143000", "display": "Major depressive disorder" } ] },
                { "display": "a heading", "contains": [ { "system": "http://snomed.info/sct", "code": "78667006" } ] } ] } }
            """);

        Assert.Equal(["35489007", "370143000", "78667006"], valueSet.Codes.Select(c => c.Code));
        Assert.Equal("http://snomed.info/sct/83821000000107/version/20261119", valueSet.SourceVersion);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero), valueSet.ExpansionTimestamp);
    }

    [Theory]
    [InlineData("""{ "resourceType": "ValueSet", "compose": { } }""", "no expansion")]
    [InlineData("""{ "resourceType": "ValueSet", "expansion": { "total": 2, "contains": [ { "system": "http://snomed.info/sct", "code": "35489007" } ] } }""", "incomplete")]
    [InlineData("""{ "resourceType": "ValueSet", "expansion": { "offset": 100, "contains": [ { "system": "http://snomed.info/sct", "code": "35489007" } ] } }""", "offset 100")]
    [InlineData("""{ "resourceType": "ValueSet", "expansion": { "contains": [ { "system": "http://snomed.info/sct", "code": "35489008" } ] } }""", "not a SNOMED CT identifier")]
    [InlineData("""{ "resourceType": "ValueSet", "expansion": { "contains": [ { "system": "not a uri", "code": "x" } ] } }""", "absolute URI")]
    [InlineData("""{ "resourceType": "CodeSystem" }""", "not a FHIR ValueSet")]
    [InlineData("""{ "resourceType": "ValueSet", """, "Not well-formed JSON")]
    public void A_file_that_cannot_be_used_is_refused_with_why(string json, string reason) =>
        Assert.Contains(reason, Assert.Throws<ValueSetFormatException>(() => Read(json)).Message, StringComparison.Ordinal);
}
