using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Relationships;
using InfoSharing.Domain.Terminology;
using InfoSharing.Fhir.Feeds;
using static InfoSharing.UnitTests.Feeds.Feed;

namespace InfoSharing.UnitTests.Feeds;

/// <summary>Conditions, Observations and Flags coded as English GP and community systems code them.</summary>
public sealed class When_a_record_is_coded_in_snomed_ct_beside_local_codes
{
    private const string Clinical = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    private const string Verification = "http://terminology.hl7.org/CodeSystem/condition-ver-status";

    private static string Condition(string snomed, string extra = "", string id = "c-1") =>
        $$"""
        { "resourceType": "Condition", "id": "{{id}}",
          "code": { "coding": [
            { "system": "http://www.e-mis.com/emisopen/MedicalRecord", "code": "EMISL123", "display": "Low mood" },
            { "system": "http://read.info/readv2", "code": "E112." },
            { "system": "http://snomed.info/sct", "code": "{{snomed}}" } ] },
          "subject": { "reference": "{{ManUrl}}" }, "onsetDateTime": "2027-01-10" {{extra}} }
        """;

    private static string Status(string system, string code, string element) =>
        $$""", "{{element}}": { "coding": [ { "system": "{{system}}", "code": "{{code}}" } ] }""";

    private static RiskIndicatorStatement One(string condition) =>
        Assert.Single(Extract(FhirFeed.Gp, (ManUrl, Man()), (Url(5), condition)).Indicators);

    [Fact]
    public void The_snomed_coding_is_found_after_the_local_ones_and_every_coding_is_kept()
    {
        var statement = One(Condition("35489007"));

        Assert.Equal((IndicatorKinds.MentalHealth, new RelationshipCode(Snomed, "35489007")), (statement.Kind, statement.Code));
        Assert.Equal(3, statement.Codings!.Count);
        Assert.NotNull(statement.SourceResource);
        Assert.True(statement.Active);
    }

    [Theory]
    [InlineData("active", true)]
    [InlineData("recurrence", true)]
    [InlineData("relapse", true)]
    [InlineData("inactive", false)]
    [InlineData("remission", false)]
    [InlineData("resolved", false)]
    public void Clinical_status_decides_whether_it_counts(string status, bool counts) =>
        Assert.Equal(counts, One(Condition("35489007", Status(Clinical, status, "clinicalStatus"))).Active);

    [Theory]
    [InlineData("confirmed", true, null)]
    [InlineData("provisional", true, IndicatorCertainty.Provisional)]
    [InlineData("differential", true, IndicatorCertainty.Unconfirmed)]
    [InlineData("unconfirmed", true, IndicatorCertainty.Unconfirmed)]
    [InlineData("refuted", false, null)]
    public void Verification_status_is_kept_for_the_rules(string status, bool active, string? certainty)
    {
        var statement = One(Condition("35489007", Status(Verification, status, "verificationStatus")));

        Assert.Equal((active, certainty), (statement.Active, statement.Certainty));
    }

    [Fact]
    public void The_same_condition_sent_again_carries_the_same_identity()
    {
        var first = One(Condition("35489007"));
        var again = One(Condition("35489007", Status(Clinical, "resolved", "clinicalStatus")));
        var other = One(Condition("35489007", id: "c-2"));

        Assert.Equal(first.SourceResource, again.SourceResource);
        Assert.NotEqual(first.SourceResource, other.SourceResource);
        Assert.DoesNotContain("c-1", first.SourceResource!, StringComparison.Ordinal);
    }

    [Fact]
    public void A_resolution_with_a_code_in_no_value_set_still_ends_what_was_said_about_the_resource()
    {
        var statement = One(Condition("26322001", Status(Clinical, "resolved", "clinicalStatus")));

        Assert.Null(statement.Kind);
        Assert.Null(statement.Codings);
        Assert.False(statement.Active);
        Assert.NotNull(statement.SourceResource);
    }

    [Fact]
    public void An_active_record_with_a_code_in_no_value_set_gives_no_statement_and_its_codes_are_counted()
    {
        var extract = Extract(FhirFeed.Gp, (ManUrl, Man()), (Url(5), Condition("26322001")));

        Assert.Empty(extract.Indicators);
        Assert.Equal(["EMISL123", "E112.", "26322001"], extract.UnmappedCodes.Select(c => c.Code));
    }

    [Fact]
    public void A_mapped_record_counts_none_of_its_local_codes_as_unmapped() =>
        Assert.Empty(Extract(FhirFeed.Gp, (ManUrl, Man()), (Url(5), Condition("35489007"))).UnmappedCodes);

    [Fact]
    public void A_family_history_code_gives_nothing() =>
        Assert.Empty(Extract(FhirFeed.Gp, (ManUrl, Man()), (Url(5), Condition("293161000000103"))).Indicators);

    [Fact]
    public void An_observation_value_of_false_does_not_count()
    {
        const string Observation =
            """
            { "resourceType": "Observation", "status": "final",
              "code": { "coding": [ { "system": "http://snomed.info/sct", "code": "66590003" } ] },
              "subject": { "reference": "urn:uuid:00000000-0000-4000-8000-000000000002" }, "valueBoolean": false }
            """;

        Assert.False(Assert.Single(Extract(FhirFeed.Gp, (ManUrl, Man()), (Url(5), Observation)).Indicators).Active);
    }

    [Fact]
    public void An_injury_code_on_an_adult_is_not_an_indicator() =>
        Assert.Empty(Extract(FhirFeed.Gp, (ManUrl, Man()), (Url(5), Coded("Condition", ManUrl, "125605004", Snomed))).Indicators);

    [Fact]
    public void An_injury_code_on_an_infant_is_one()
    {
        var statement = Assert.Single(Extract(FhirFeed.HealthVisiting, (InfantUrl, Infant()), (Url(5), Coded("Observation", InfantUrl, "125667009", Snomed))).Indicators);

        Assert.Equal(IndicatorKinds.InfantBruising, statement.Kind);
    }
}

public sealed class When_an_unmapped_code_is_counted
{
    [Theory]
    [InlineData("http://snomed.info/sct", "26322001", "http://snomed.info/sct", "26322001")]
    [InlineData("http://snomed.info/sct", "12345", "http://snomed.info/sct", UnmappedCodes.NotSnomedIdentifier)]
    [InlineData("http://read.info/readv2", "E112.", "http://read.info/readv2", "E112.")]
    [InlineData("http://local.example/codes", "9990000018", "http://local.example/codes", UnmappedCodes.LooksLikeNhsNumber)]
    [InlineData("http://local.example/codes", "Jordan Samplesby", "http://local.example/codes", UnmappedCodes.UnreadableCode)]
    [InlineData("http://local.example/codes?patient=Jordan", "X1", UnmappedCodes.UnreadableSystem, UnmappedCodes.UnreadableCode)]
    public void Only_the_shape_of_a_code_is_kept(string system, string code, string keptSystem, string keptCode) =>
        Assert.Equal(new RelationshipCode(keptSystem, keptCode), UnmappedCodes.Normalise(new RelationshipCode(system, code)));

    [Fact]
    public void Repeats_are_tallied() =>
        Assert.Equal(
            [(new RelationshipCode("http://snomed.info/sct", "26322001"), 2)],
            UnmappedCodes.Tally([new("http://snomed.info/sct", "26322001"), new("http://snomed.info/sct", " 26322001 ")]));
}
