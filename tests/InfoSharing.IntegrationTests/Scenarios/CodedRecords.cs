using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace InfoSharing.IntegrationTests.Scenarios;

/// <summary>Whom a coded record is about: the demo family's man, mother or infant, by NHS number.</summary>
public sealed record CodedPatient(string NhsNumber, string Family, string Given, string Gender, string BirthDate)
{
    public static readonly CodedPatient Man = new("9990000026", "Samplesby", "Jordan", "male", "1997-08-30");
    public static readonly CodedPatient Mother = new("9990000018", "Testwood", "Ellie", "female", "1999-04-12");

    public static CodedPatient Infant(int ageDays) => new("9990000034", "Testwood", "Robin", "female", ScenarioMessages.Day(-ageDays));
}

/// <summary>
/// One Condition or Observation as an English GP or community system sends it: a local (EMIS) code first and the
/// SNOMED CT UK code after it, an identifier that stays the same when the record is later changed, and its statuses.
/// </summary>
public sealed record CodedRecord(string Id, string Code, string System = CodedRecords.Snomed)
{
    public string Resource { get; init; } = "Condition";

    public string? ClinicalStatus { get; init; } = "active";

    public string? VerificationStatus { get; init; }

    /// <summary>Observation.status (final, entered-in-error, cancelled).</summary>
    public string ObservationStatus { get; init; } = "final";

    public int DaysAgo { get; init; } = 20;
}

/// <summary>Bundles of coded records about one patient, stamped with the moment they are built (later messages are later statements).</summary>
internal static class CodedRecords
{
    public const string Snomed = "http://snomed.info/sct";
    public const string FamilyHistoryOfAlcoholMisuse = "293161000000103";

    public static CodedRecord Resolved(this CodedRecord record) => record with { ClinicalStatus = "resolved" };

    public static CodedRecord Refuted(this CodedRecord record) => record with { VerificationStatus = "refuted" };

    public static CodedRecord EnteredInError(this CodedRecord record) =>
        record.Resource == "Observation" ? record with { ObservationStatus = "entered-in-error" } : record with { VerificationStatus = "entered-in-error" };

    public static byte[] About(CodedPatient patient, params CodedRecord[] records)
    {
        var patientUrl = "urn:uuid:5c0d1e5e-0000-4000-8000-000000000001";
        var entries = new JsonArray
        {
            new JsonObject
            {
                ["fullUrl"] = patientUrl,
                ["resource"] = new JsonObject
                {
                    ["resourceType"] = "Patient",
                    ["identifier"] = new JsonArray(new JsonObject { ["system"] = "https://fhir.nhs.uk/Id/nhs-number", ["value"] = patient.NhsNumber }),
                    ["name"] = new JsonArray(new JsonObject { ["family"] = patient.Family, ["given"] = new JsonArray(patient.Given) }),
                    ["gender"] = patient.Gender,
                    ["birthDate"] = patient.BirthDate,
                },
            },
        };
        var n = 2;
        foreach (var record in records)
        {
            var resource = new JsonObject
            {
                ["resourceType"] = record.Resource,
                ["id"] = record.Id,
                ["identifier"] = new JsonArray(new JsonObject { ["system"] = "https://gp.example.nhs.uk/Id/record", ["value"] = record.Id }),
                ["code"] = new JsonObject
                {
                    ["coding"] = new JsonArray(
                        new JsonObject { ["system"] = "http://www.e-mis.com/emisopen/MedicalRecord", ["code"] = "EMIS" + record.Id.ToUpperInvariant().Replace("-", string.Empty, StringComparison.Ordinal) },
                        new JsonObject { ["system"] = record.System, ["code"] = record.Code }),
                },
                ["subject"] = new JsonObject { ["reference"] = patientUrl },
            };
            if (record.Resource == "Condition")
            {
                if (record.ClinicalStatus is { } clinical)
                {
                    resource["clinicalStatus"] = Status("http://terminology.hl7.org/CodeSystem/condition-clinical", clinical);
                }

                if (record.VerificationStatus is { } verification)
                {
                    resource["verificationStatus"] = Status("http://terminology.hl7.org/CodeSystem/condition-ver-status", verification);
                }

                resource["onsetDateTime"] = ScenarioMessages.Day(-record.DaysAgo);
            }
            else
            {
                resource["status"] = record.ObservationStatus;
                resource["effectiveDateTime"] = ScenarioMessages.Day(-record.DaysAgo);
            }

            entries.Add(new JsonObject { ["fullUrl"] = $"urn:uuid:5c0d1e5e-0000-4000-8000-{n++:D12}", ["resource"] = resource });
        }

        var bundle = new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["type"] = "collection",
            ["timestamp"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["entry"] = entries,
        };
        return Encoding.UTF8.GetBytes(bundle.ToJsonString());
    }

    private static JsonObject Status(string system, string code) =>
        new() { ["coding"] = new JsonArray(new JsonObject { ["system"] = system, ["code"] = code }) };
}
