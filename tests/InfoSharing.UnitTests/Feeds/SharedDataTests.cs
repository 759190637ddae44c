using InfoSharing.Contracts;
using InfoSharing.Domain.Ingest;
using InfoSharing.Fhir.Feeds;
using InfoSharing.UnitTests.Support;

namespace InfoSharing.UnitTests.Feeds;

/// <summary>
/// Every file in shared/data/fhir/hl7-r4 (JSON, HL7 R4 4.0.1 examples) and shared/data/fhir/uk-core (XML, UK Core 2.0.0
/// examples) through the FHIR feed reader (Read, then Extract for the feed that fits best), with the outcome and why.
/// Single clinical resources whose Patient is not in the message name no person: without the Patient (or an NHS
/// number on the reference) nobody can say whom they are about, so they are rejected no-usable-identity.
/// </summary>
public sealed class When_the_shared_fhir_examples_go_through_the_feed_reader
{
    private const string Mapped = "mapped";
    private const string NoPerson = "a clinical resource whose Patient is not in the message and whose reference carries no NHS number";
    private const string NoIdentity = "the Patient has no valid NHS number and not both a family name and a full birth date";
    private const string Terminology = "terminology is not a message a feed accepts";

    private static readonly Dictionary<string, (FhirFeed Feed, string Outcome, string Why)> Hl7R4 = new(StringComparer.Ordinal)
    {
        ["Appointment-2docs.json"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, NoPerson),
        ["Appointment-example.json"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, NoPerson),
        ["Appointment-examplereq.json"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, NoPerson),
        ["Bundle-10bb101f-a121-4264-a920-67be9cb82c74.json"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, "a message whose second entry is a Patient with no usable identity"),
        ["Bundle-3a0707d3-549e-4467-b8b8-5a2ab3800efe.json"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, "a message response whose Patient has no usable identity"),
        ["Bundle-bundle-example.json"] = (FhirFeed.Gp, RejectionCodes.UnsupportedResourceType, "a searchset Bundle is a query result, not a message"),
        ["Bundle-bundle-references.json"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, "its Patients are bare reference-resolution fixtures with no identity"),
        ["Bundle-bundle-response.json"] = (FhirFeed.Gp, RejectionCodes.UnsupportedResourceType, "a transaction-response Bundle is a server reply, not a message"),
        ["Bundle-bundle-search-warning.json"] = (FhirFeed.Gp, RejectionCodes.UnsupportedResourceType, "a searchset Bundle"),
        ["Bundle-bundle-transaction.json"] = (FhirFeed.Gp, Mapped, "a transaction of Patients with names and birth dates; its other entries are ignored"),
        ["Bundle-father.json"] = (FhirFeed.Gp, Mapped, "a document: the Patient and the Encounter are mapped, Composition, Practitioner and the rest ignored"),
        ["CodeSystem-flag-category.json"] = (FhirFeed.Gp, RejectionCodes.UnsupportedResourceType, Terminology),
        ["CodeSystem-v3-RoleCode.json"] = (FhirFeed.Gp, RejectionCodes.UnsupportedResourceType, Terminology),
        ["Condition-example.json"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, NoPerson),
        ["Condition-example2.json"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, NoPerson),
        ["Condition-f201.json"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, NoPerson),
        ["Condition-family-history.json"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, NoPerson),
        ["Condition-stroke.json"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, NoPerson),
        ["Encounter-emerg.json"] = (FhirFeed.HealthVisiting, RejectionCodes.NoUsableIdentity, NoPerson),
        ["Encounter-example.json"] = (FhirFeed.HealthVisiting, RejectionCodes.NoUsableIdentity, NoPerson),
        ["Encounter-f001.json"] = (FhirFeed.HealthVisiting, RejectionCodes.NoUsableIdentity, NoPerson),
        ["Encounter-f201.json"] = (FhirFeed.HealthVisiting, RejectionCodes.NoUsableIdentity, NoPerson),
        ["Encounter-home.json"] = (FhirFeed.HealthVisiting, RejectionCodes.NoUsableIdentity, NoPerson),
        ["Flag-example-encounter.json"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, NoPerson),
        ["Flag-example.json"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, NoPerson),
        ["Observation-blood-pressure.json"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, NoPerson),
        ["Observation-bmi.json"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, NoPerson),
        ["Observation-body-height.json"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, NoPerson),
        ["Observation-example.json"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, NoPerson),
        ["Observation-eye-color.json"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, NoPerson),
        ["Observation-f001.json"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, NoPerson),
        ["Observation-vitals-panel.json"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, NoPerson),
        ["Patient-animal.json"] = (FhirFeed.Gp, RejectionCodes.NotAPerson, "the HL7 patient-animal extension: a dog, not a person"),
        ["Patient-ch-example.json"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, NoIdentity),
        ["Patient-example.json"] = (FhirFeed.Gp, Mapped, "a man with family name and birth date; his v2 'N' contact is not a code InfoSharing maps"),
        ["Patient-f001.json"] = (FhirFeed.Gp, Mapped, "a man registered, with name and birth date"),
        ["Patient-f201.json"] = (FhirFeed.Midwifery, RejectionCodes.MotherMissing, "a man with a wife contact (v3 WIFE): partner evidence, but no woman to be the mother (decision 0004)"),
        ["Patient-glossy.json"] = (FhirFeed.Gp, Mapped, "a woman with name and birth date"),
        ["Patient-infant-fetal.json"] = (FhirFeed.Midwifery, RejectionCodes.NoUsableIdentity, "a fetus record with neither NHS number nor birth date"),
        ["Patient-infant-mom.json"] = (FhirFeed.Midwifery, Mapped, "a woman alone: no pregnancy or birth evidence, so no mother is needed"),
        ["Patient-infant-twin-1.json"] = (FhirFeed.Gp, Mapped, "a twin born 2017: a child, not an infant at the message date, so no mother is required"),
        ["Patient-infant-twin-2.json"] = (FhirFeed.Gp, Mapped, "the other twin"),
        ["Patient-mom.json"] = (FhirFeed.Midwifery, Mapped, "a woman whose link points at a RelatedPerson not in the message"),
        ["Patient-newborn.json"] = (FhirFeed.Midwifery, RejectionCodes.NoUsableIdentity, "a newborn with a birth date but no name and no NHS number"),
        ["Patient-pat1.json"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, "no birth date and no NHS number"),
        ["Patient-pat2.json"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, "no birth date and no NHS number"),
        ["Patient-pat3.json"] = (FhirFeed.Gp, Mapped, "name and birth date"),
        ["Patient-pat4.json"] = (FhirFeed.Gp, Mapped, "a deceased patient with name and birth date: stored, never a plausible mother"),
        ["Patient-xcda.json"] = (FhirFeed.Gp, Mapped, "name and birth date"),
        ["Person-example.json"] = (FhirFeed.Gp, RejectionCodes.UnsupportedResourceType, "Person is not a feed resource type"),
        ["Person-f002.json"] = (FhirFeed.Gp, RejectionCodes.UnsupportedResourceType, "Person is not a feed resource type"),
        ["RelatedPerson-benedicte.json"] = (FhirFeed.Gp, Mapped, "the RelatedPerson is kept; her patient is not in the message, so no relationship"),
        ["RelatedPerson-f001.json"] = (FhirFeed.Gp, Mapped, "kept; patient not in the message"),
        ["RelatedPerson-f002.json"] = (FhirFeed.Gp, Mapped, "kept; patient not in the message"),
        ["RelatedPerson-newborn-mom.json"] = (FhirFeed.Midwifery, Mapped, "a natural mother (NMTH) of a newborn not in the message: kept, no birth without the infant"),
        ["RelatedPerson-peter.json"] = (FhirFeed.Gp, Mapped, "kept; patient not in the message"),
        ["ValueSet-flag-category.json"] = (FhirFeed.Gp, RejectionCodes.UnsupportedResourceType, Terminology),
        ["ValueSet-patient-contactrelationship.json"] = (FhirFeed.Gp, RejectionCodes.UnsupportedResourceType, Terminology),
        ["ValueSet-relatedperson-relationshiptype.json"] = (FhirFeed.Gp, RejectionCodes.UnsupportedResourceType, Terminology),
    };

    private static readonly Dictionary<string, (FhirFeed Feed, string Outcome, string Why)> UkCore = new(StringComparer.Ordinal)
    {
        ["CodeSystem-UKCore-AdditionalPersonRelationshipRole.xml"] = (FhirFeed.Gp, RejectionCodes.UnsupportedResourceType, Terminology),
        ["CodeSystem-UKCore-NHSNumberVerificationStatusEngland.xml"] = (FhirFeed.Gp, RejectionCodes.UnsupportedResourceType, Terminology),
        ["Extension-UKCore-AddressKey-Example.xml"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, "an extension fragment: a Patient with only an address"),
        ["Extension-UKCore-AdmissionMethod-Example.xml"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, NoPerson),
        ["Extension-UKCore-BirthSex-Example.xml"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, "an extension fragment: a Patient with no identity"),
        ["Extension-UKCore-BookingOrganization-Example.xml"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, NoPerson),
        ["Extension-UKCore-ConditionEpisode-Example.xml"] = (FhirFeed.Gp, RejectionCodes.InvalidFhir, "the extension carries two value[x] elements (valueCode and valueCodeableConcept): not valid FHIR"),
        ["Extension-UKCore-ContactRank-Example.xml"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, "an extension fragment: a Patient with no identity"),
        ["Extension-UKCore-DeathNotificationStatus-Example.xml"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, "an extension fragment: a Patient with no identity"),
        ["Extension-UKCore-DeliveryChannel-Example.xml"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, NoPerson),
        ["Extension-UKCore-EffectivePeriod-Example.xml"] = (FhirFeed.Gp, Mapped, "a RelatedPerson kept; its patient is not in the message"),
        ["Extension-UKCore-EthnicCategory-Example.xml"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, "an extension fragment: a Patient with no identity"),
        ["Extension-UKCore-LegalStatus-Example.xml"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, NoPerson),
        ["Extension-UKCore-NHSNumberUnavailableReason-Example.xml"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, "a Patient whose NHS number is unavailable, with no name and birth date"),
        ["Extension-UKCore-NHSNumberVerificationStatus-Example.xml"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, "an extension fragment: a Patient with no usable identity"),
        ["Extension-UKCore-ResidentialStatus-Example.xml"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, "an extension fragment: a Patient with no identity"),
        ["UKCore-Appointment-OrthopaedicSurgery-Example.xml"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, NoPerson),
        ["UKCore-Bundle-Batch-Example.xml"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, "a batch of clinical resources whose Patient is not in the Bundle"),
        ["UKCore-Bundle-BatchPOST-Example.xml"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, "a batch of Observations whose Patient is not in the Bundle"),
        ["UKCore-Bundle-NEWS2Observations-Example.xml"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, "a collection of Observations whose Patient is not in the Bundle"),
        ["UKCore-Condition-BleedingFromEar-Example.xml"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, NoPerson),
        ["UKCore-Condition-HipReplacement-Example.xml"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, NoPerson),
        ["UKCore-Encounter-InpatientEncounter-Example.xml"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, NoPerson),
        ["UKCore-Flag-FoodAllergy-Example.xml"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, NoPerson),
        ["UKCore-Observation-DrugUse-Example.xml"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, NoPerson + " (its code, 307052004, is a substance-misuse indicator)"),
        ["UKCore-Observation-HeavyDrinker-Example.xml"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, NoPerson),
        ["UKCore-Observation-Lab-Albumin-Example.xml"] = (FhirFeed.Gp, RejectionCodes.InvalidFhir, "Firely's strict XML reader reports XML109 at Observation.meta (an element out of order)"),
        ["UKCore-Observation-VitalSigns-BMI-Example.xml"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, NoPerson),
        ["UKCore-Observation-VitalSigns-BloodPressure-Example.xml"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, NoPerson),
        ["UKCore-Patient-BabyPatient-Example.xml"] = (FhirFeed.Gp, Mapped, "NHS number 9912003890 fails mod-11: kept untrusted; family name and birth date make her identity usable"),
        ["UKCore-Patient-RichardSmith-Example.xml"] = (FhirFeed.Gp, Mapped, "a man with a valid NHS number (9912003888)"),
        ["UKCore-Patient-Sn-Makaton-Example.xml"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, "a communication-needs fragment with no identity"),
        ["UKCore-Patient-Sn-MultipleLanguages-Example.xml"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, "a communication-needs fragment with no identity"),
        ["UKCore-Patient-Sn-SingleLanguage-Example.xml"] = (FhirFeed.Gp, RejectionCodes.NoUsableIdentity, "a communication-needs fragment with no identity"),
        ["UKCore-RelatedPerson-JoySmith-Example.xml"] = (FhirFeed.Midwifery, RejectionCodes.MotherMissing, "a wife (v3 WIFE) of a patient not in the message: partner evidence without a mother (decision 0004)"),
        ["ValueSet-UKCore-NHSNumberVerificationStatus.xml"] = (FhirFeed.Gp, RejectionCodes.UnsupportedResourceType, Terminology),
        ["ValueSet-UKCore-PersonRelationshipType.xml"] = (FhirFeed.Gp, RejectionCodes.UnsupportedResourceType, Terminology),
    };

    public static TheoryData<string> Hl7R4Files => [.. Hl7R4.Keys.Order(StringComparer.Ordinal)];

    public static TheoryData<string> UkCoreFiles => [.. UkCore.Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public void The_hl7_table_covers_exactly_the_folders_files() =>
        Assert.Equal(Hl7R4.Keys.Order(StringComparer.Ordinal), Directory.GetFiles(TestData.Hl7R4Folder, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal));

    [Fact]
    public void The_uk_core_table_covers_exactly_the_folders_files() =>
        Assert.Equal(UkCore.Keys.Order(StringComparer.Ordinal), Directory.GetFiles(TestData.UkCoreFolder, "*.xml").Select(Path.GetFileName).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Hl7R4Files))]
    public void An_hl7_example_ends_as_stated(string fileName) => AssertOutcome(TestData.Hl7R4(fileName), "application/fhir+json", Hl7R4[fileName]);

    [Theory]
    [MemberData(nameof(UkCoreFiles))]
    public void A_uk_core_example_ends_as_stated(string fileName) => AssertOutcome(TestData.UkCore(fileName), "application/fhir+xml", UkCore[fileName]);

    [Fact]
    public void The_uk_core_babys_failing_nhs_number_is_kept_but_never_trusted()
    {
        var extract = FhirFeedReader.Extract(FhirFeedReader.Read(TestData.UkCore("UKCore-Patient-BabyPatient-Example.xml"), "application/fhir+xml"), FhirFeed.Gp);

        var baby = Assert.Single(extract.People).Details;
        Assert.Equal("9912003890", baby.NhsNumber?.Value);
        Assert.False(baby.NhsNumber?.IsValid);
        Assert.Null(baby.TrustedNhsNumber);
    }

    [Fact]
    public void The_hl7_document_bundle_lists_what_it_ignores()
    {
        var extract = FhirFeedReader.Extract(FhirFeedReader.Read(TestData.Hl7R4("Bundle-father.json"), null), FhirFeed.Gp);

        Assert.Contains(extract.Ignored, i => i.StartsWith("Composition (entry 1)", StringComparison.Ordinal));
        Assert.Single(extract.Contacts);
    }

    private static void AssertOutcome(byte[] body, string contentType, (FhirFeed Feed, string Outcome, string Why) expected)
    {
        if (expected.Outcome == Mapped)
        {
            var extract = FhirFeedReader.Extract(FhirFeedReader.Read(body, contentType), expected.Feed);
            Assert.NotEmpty(extract.People);
            return;
        }

        var rejection = Assert.Throws<MessageRejectedException>(() => FhirFeedReader.Extract(FhirFeedReader.Read(body, contentType), expected.Feed));
        Assert.Equal(expected.Outcome, rejection.Code);
    }
}
