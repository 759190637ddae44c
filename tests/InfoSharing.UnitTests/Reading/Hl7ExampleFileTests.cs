using InfoSharing.Domain.Ingest;
using InfoSharing.Fhir.Reading;
using InfoSharing.UnitTests.Support;

namespace InfoSharing.UnitTests.Reading;

/// <summary>
/// Every official HL7 FHIR R4 example in shared/data/fhir/hl7-r4 (package hl7.fhir.r4.examples 4.0.1), with what the
/// strict reader does with it. All 58 are accepted today; a file that should be rejected goes in
/// <see cref="RejectedFiles"/> with the reason, so that neither outcome is accepted silently.
/// </summary>
public sealed class When_reading_the_official_hl7_r4_examples
{
    /// <summary>File name and the resource type it must parse to.</summary>
    private static readonly Dictionary<string, string> AcceptedFiles = new(StringComparer.Ordinal)
    {
        ["Appointment-2docs.json"] = "Appointment",
        ["Appointment-example.json"] = "Appointment",
        ["Appointment-examplereq.json"] = "Appointment",
        ["Bundle-10bb101f-a121-4264-a920-67be9cb82c74.json"] = "Bundle",
        ["Bundle-3a0707d3-549e-4467-b8b8-5a2ab3800efe.json"] = "Bundle",
        ["Bundle-bundle-example.json"] = "Bundle",
        ["Bundle-bundle-references.json"] = "Bundle",
        ["Bundle-bundle-response.json"] = "Bundle",
        ["Bundle-bundle-search-warning.json"] = "Bundle",
        ["Bundle-bundle-transaction.json"] = "Bundle",
        ["Bundle-father.json"] = "Bundle",
        ["CodeSystem-flag-category.json"] = "CodeSystem",
        ["CodeSystem-v3-RoleCode.json"] = "CodeSystem",
        ["Condition-example.json"] = "Condition",
        ["Condition-example2.json"] = "Condition",
        ["Condition-f201.json"] = "Condition",
        ["Condition-family-history.json"] = "Condition",
        ["Condition-stroke.json"] = "Condition",
        ["Encounter-emerg.json"] = "Encounter",
        ["Encounter-example.json"] = "Encounter",
        ["Encounter-f001.json"] = "Encounter",
        ["Encounter-f201.json"] = "Encounter",
        ["Encounter-home.json"] = "Encounter",
        ["Flag-example-encounter.json"] = "Flag",
        ["Flag-example.json"] = "Flag",
        ["Observation-blood-pressure.json"] = "Observation",
        ["Observation-bmi.json"] = "Observation",
        ["Observation-body-height.json"] = "Observation",
        ["Observation-example.json"] = "Observation",
        ["Observation-eye-color.json"] = "Observation",
        ["Observation-f001.json"] = "Observation",
        ["Observation-vitals-panel.json"] = "Observation",
        ["Patient-animal.json"] = "Patient",
        ["Patient-ch-example.json"] = "Patient",
        ["Patient-example.json"] = "Patient",
        ["Patient-f001.json"] = "Patient",
        ["Patient-f201.json"] = "Patient",
        ["Patient-glossy.json"] = "Patient",
        ["Patient-infant-fetal.json"] = "Patient",
        ["Patient-infant-mom.json"] = "Patient",
        ["Patient-infant-twin-1.json"] = "Patient",
        ["Patient-infant-twin-2.json"] = "Patient",
        ["Patient-mom.json"] = "Patient",
        ["Patient-newborn.json"] = "Patient",
        ["Patient-pat1.json"] = "Patient",
        ["Patient-pat2.json"] = "Patient",
        ["Patient-pat3.json"] = "Patient",
        ["Patient-pat4.json"] = "Patient",
        ["Patient-xcda.json"] = "Patient",
        ["Person-example.json"] = "Person",
        ["Person-f002.json"] = "Person",
        ["RelatedPerson-benedicte.json"] = "RelatedPerson",
        ["RelatedPerson-f001.json"] = "RelatedPerson",
        ["RelatedPerson-f002.json"] = "RelatedPerson",
        ["RelatedPerson-newborn-mom.json"] = "RelatedPerson",
        ["RelatedPerson-peter.json"] = "RelatedPerson",
        ["ValueSet-flag-category.json"] = "ValueSet",
        ["ValueSet-patient-contactrelationship.json"] = "ValueSet",
        ["ValueSet-relatedperson-relationshiptype.json"] = "ValueSet",
    };

    /// <summary>
    /// File name and the rejection code and a fragment of the reason the strict deserializer gives. Empty: Firely 6.8
    /// with default <c>DeserializerSettings</c> accepts every official R4 example in the folder.
    /// </summary>
    private static readonly Dictionary<string, (string Code, string ReasonFragment)> RejectedFiles = new(StringComparer.Ordinal);

    public static TheoryData<string> Accepted => [.. AcceptedFiles.Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public void Every_file_in_the_folder_has_a_stated_outcome()
    {
        var inFolder = Directory.GetFiles(TestData.Hl7R4Folder, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        var stated = AcceptedFiles.Keys.Concat(RejectedFiles.Keys).Order(StringComparer.Ordinal);

        Assert.Equal(stated, inFolder);
    }

    [Fact]
    public void No_file_is_stated_both_accepted_and_rejected() => Assert.Empty(AcceptedFiles.Keys.Intersect(RejectedFiles.Keys));

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Parses_to_its_resource_type(string fileName)
    {
        var resource = FhirReader.ReadJson(TestData.Hl7R4(fileName));

        Assert.Equal(AcceptedFiles[fileName], resource.TypeName);
        Assert.Equal(fileName[(fileName.IndexOf('-', StringComparison.Ordinal) + 1)..^".json".Length], resource.Id);
    }

    [Fact]
    public void Each_rejected_file_is_rejected_with_its_stated_reason()
    {
        foreach (var (fileName, (code, fragment)) in RejectedFiles)
        {
            var rejection = Assert.Throws<MessageRejectedException>(() => FhirReader.ReadJson(TestData.Hl7R4(fileName)));
            Assert.Equal(code, rejection.Code);
            Assert.Contains(fragment, rejection.Message, StringComparison.Ordinal);
        }
    }
}
