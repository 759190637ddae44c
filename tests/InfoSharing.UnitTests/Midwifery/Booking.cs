using Hl7.Fhir.Model;
using InfoSharing.Domain.Relationships;
using InfoSharing.Fhir.Midwifery;
using InfoSharing.Fhir.Reading;
using InfoSharing.UnitTests.Support;

namespace InfoSharing.UnitTests.Midwifery;

/// <summary>Synthetic midwifery messages, written as FHIR JSON and read through the real reader.</summary>
internal static class Booking
{
    public const string MotherUrl = "urn:uuid:00000000-0000-4000-8000-000000000001";
    public const string ManUrl = "urn:uuid:00000000-0000-4000-8000-000000000002";
    public const string OtherPatientUrl = "urn:uuid:00000000-0000-4000-8000-000000000003";

    public const string Mother =
        """
        { "resourceType": "Patient", "id": "mw-mother-1",
          "identifier": [ { "system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9990000018" } ],
          "name": [ { "use": "official", "family": "Testwood", "given": [ "Ellie" ] } ],
          "gender": "female", "birthDate": "1999-04-12" }
        """;

    public static string Edd(string subject, string date = "2027-03-15", string system = "http://loinc.org", string code = "11778-8") =>
        $$"""
        { "resourceType": "Observation", "status": "final",
          "code": { "coding": [ { "system": "{{system}}", "code": "{{code}}" } ] },
          "subject": { "reference": "{{subject}}" },
          "valueDateTime": "{{date}}" }
        """;

    public static string RelatedMan(string patient, string code, string system = "http://terminology.hl7.org/CodeSystem/v3-RoleCode", string nhs = "9990000026") =>
        $$"""
        { "resourceType": "RelatedPerson", "id": "mw-man-1",
          "identifier": [ { "system": "https://fhir.nhs.uk/Id/nhs-number", "value": "{{nhs}}" } ],
          "patient": { "reference": "{{patient}}" },
          "relationship": [ { "coding": [ { "system": "{{system}}", "code": "{{code}}" } ] } ],
          "name": [ { "family": "Samplesby", "given": [ "Jordan" ] } ],
          "gender": "male", "birthDate": "1997-08-30" }
        """;

    /// <summary>A Bundle of type message holding the given resources, each under the full URL given with it.</summary>
    public static Resource Bundle(params (string FullUrl, string Resource)[] entries) =>
        FhirReader.ReadJson(TestData.Utf8(
            $$"""
            { "resourceType": "Bundle", "type": "message", "timestamp": "2026-11-20T09:30:00Z",
              "entry": [
                { "fullUrl": "urn:uuid:00000000-0000-4000-8000-0000000000ff",
                  "resource": { "resourceType": "MessageHeader",
                                "eventCoding": { "system": "https://fhir.infosharing.uk/CodeSystem/agency-event", "code": "maternity-booking" },
                                "source": { "endpoint": "urn:midwifery:synthetic" } } }
                {{string.Concat(entries.Select(e => $$""", { "fullUrl": "{{e.FullUrl}}", "resource": {{e.Resource}} }"""))}}
              ] }
            """));

    public static MaternityBooking Read(Resource resource) => MaternityBookingReader.Read(resource, RelationshipTerminology.Default);

    public static MaternityBooking Read(byte[] json) => Read(FhirReader.ReadJson(json));
}
