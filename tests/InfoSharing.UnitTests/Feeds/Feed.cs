using Hl7.Fhir.Model;
using InfoSharing.Domain.Ingest;
using InfoSharing.Fhir.Feeds;
using InfoSharing.UnitTests.Support;

namespace InfoSharing.UnitTests.Feeds;

/// <summary>Synthetic feed messages written as FHIR JSON and read through the real reader.</summary>
internal static class Feed
{
    public const string NhsSystem = "https://fhir.nhs.uk/Id/nhs-number";
    public const string V3 = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";
    public const string Indicator = "https://fhir.infosharing.uk/CodeSystem/indicator";
    public const string Snomed = "http://snomed.info/sct";

    public const string MotherUrl = "urn:uuid:00000000-0000-4000-8000-000000000001";
    public const string ManUrl = "urn:uuid:00000000-0000-4000-8000-000000000002";
    public const string InfantUrl = "urn:uuid:00000000-0000-4000-8000-000000000003";
    public const string OtherUrl = "urn:uuid:00000000-0000-4000-8000-000000000004";

    public static string Url(int n) => $"urn:uuid:00000000-0000-4000-8000-{n:000000000000}";

    public static string Mother(string extra = "") =>
        $$"""
        { "resourceType": "Patient", "id": "mother-1",
          "identifier": [ { "system": "{{NhsSystem}}", "value": "9990000018" } ],
          "name": [ { "use": "official", "family": "Testwood", "given": [ "Ellie" ] } ],
          "gender": "female", "birthDate": "1999-04-12" {{extra}} }
        """;

    public static string Man(string nhs = "9990000026") =>
        $$"""
        { "resourceType": "Patient", "id": "man-1",
          "identifier": [ { "system": "{{NhsSystem}}", "value": "{{nhs}}" } ],
          "name": [ { "family": "Samplesby", "given": [ "Jordan" ] } ], "gender": "male", "birthDate": "1997-08-30" }
        """;

    /// <summary>Born 2027-03-12: an infant at the message date 2027-03-20 used by <see cref="Bundle"/>.</summary>
    public static string Infant(string extra = "") =>
        $$"""
        { "resourceType": "Patient", "id": "infant-1",
          "identifier": [ { "system": "{{NhsSystem}}", "value": "9990000034" } ],
          "name": [ { "family": "Testwood", "given": [ "Robin" ] } ], "gender": "female", "birthDate": "2027-03-12" {{extra}} }
        """;

    public static string Edd(string subject, string date = "2027-03-15") =>
        $$"""
        { "resourceType": "Observation", "status": "final",
          "code": { "coding": [ { "system": "http://loinc.org", "code": "11778-8" } ] },
          "subject": { "reference": "{{subject}}" }, "valueDateTime": "{{date}}" }
        """;

    public static string Related(string patient, string code, string system = V3, string nhs = "9990000026", string gender = "male", string id = "related-1") =>
        $$"""
        { "resourceType": "RelatedPerson", "id": "{{id}}",
          "identifier": [ { "system": "{{NhsSystem}}", "value": "{{nhs}}" } ],
          "patient": { "reference": "{{patient}}" },
          "relationship": [ { "coding": [ { "system": "{{system}}", "code": "{{code}}" } ] } ],
          "name": [ { "family": "Samplesby", "given": [ "Jordan" ] } ], "gender": "{{gender}}", "birthDate": "1997-08-30" }
        """;

    public static string Coded(string type, string subject, string code, string system = Indicator, string extra = "") =>
        $$"""
        { "resourceType": "{{type}}", {{(type == "Observation" ? "\"status\": \"final\"," : type == "Flag" ? "\"status\": \"active\"," : string.Empty)}}
          "code": { "coding": [ { "system": "{{system}}", "code": "{{code}}", "display": "as sent" } ] },
          "subject": { "reference": "{{subject}}" } {{extra}} }
        """;

    public static string Appointment(string actor, string status, string start = "2027-03-18T10:00:00Z") =>
        $$"""
        { "resourceType": "Appointment", "status": "{{status}}", "start": "{{start}}", "end": "2027-03-18T10:30:00Z",
          "participant": [ { "actor": { "reference": "{{actor}}" }, "status": "accepted" } ] }
        """;

    /// <summary>A Bundle of type message, timestamp 2027-03-20, holding the given resources under the given full URLs.</summary>
    public static Resource Bundle(params (string FullUrl, string Resource)[] entries) => Read(
        $$"""
        { "resourceType": "Bundle", "type": "message", "timestamp": "2027-03-20T09:30:00Z",
          "entry": [
            { "fullUrl": "urn:uuid:00000000-0000-4000-8000-0000000000ff",
              "resource": { "resourceType": "MessageHeader",
                            "eventCoding": { "system": "https://fhir.infosharing.uk/CodeSystem/agency-event", "code": "test" },
                            "source": { "endpoint": "urn:agency:synthetic" } } }
            {{string.Concat(entries.Select(e => $$""", { "fullUrl": "{{e.FullUrl}}", "resource": {{e.Resource}} }"""))}}
          ] }
        """);

    public static Resource Read(string json) => FhirFeedReader.Read(TestData.Utf8(json), "application/fhir+json");

    public static AgencyExtract Extract(FhirFeed feed, params (string FullUrl, string Resource)[] entries) =>
        FhirFeedReader.Extract(Bundle(entries), feed);

    public static MessageRejectedException Rejection(FhirFeed feed, params (string FullUrl, string Resource)[] entries) =>
        Assert.Throws<MessageRejectedException>(() => FhirFeedReader.Extract(Bundle(entries), feed));

    public static ExtractedPerson Person(this AgencyExtract extract, string key) => Assert.Single(extract.People, p => p.Key == key);
}
