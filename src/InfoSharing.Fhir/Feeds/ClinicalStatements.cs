using System.Security.Cryptography;
using System.Text;
using Hl7.Fhir.Model;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Relationships;
using InfoSharing.Fhir.Reading;

namespace InfoSharing.Fhir.Feeds;

/// <summary>
/// What one coded Condition, Observation or Flag says, before terminology: its coded elements (each the codings of
/// one CodeableConcept, local codes and SNOMED CT side by side), whether it counts now, how sure the sender is, and
/// the identity a later message about the same resource will carry.
/// </summary>
internal sealed record ClinicalStatement
{
    public required string? PersonKey { get; init; }

    /// <summary>Condition.code; Observation.code and valueCodeableConcept; Flag.code.</summary>
    public required IReadOnlyList<IReadOnlyList<RelationshipCode>> Elements { get; init; }

    /// <summary>False when the sender says it does not hold now (resolved, inactive, in remission, refuted, a false value).</summary>
    public required bool Counts { get; init; }

    public bool EnteredInError { get; init; }

    /// <summary>Null when confirmed or unstated; see <see cref="IndicatorCertainty"/>.</summary>
    public string? Certainty { get; init; }

    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    public string? SourceResource { get; init; }

    public DateTimeOffset? StatedAt { get; init; }

    public required IReadOnlyDictionary<RelationshipCode, string> Displays { get; init; }

    public string? DisplayOf(RelationshipCode coding) => Displays.GetValueOrDefault(coding);
}

/// <summary>
/// Reads the clinical meaning of the three coded resources. The statuses (FHIR R4 condition-clinical,
/// condition-ver-status, observation-status, flag-status) decide whether a statement counts; the codes are left to
/// the value sets.
/// </summary>
internal static class ClinicalStatements
{
    private static readonly HashSet<string> NotCurrent = new(["inactive", "remission", "resolved"], StringComparer.Ordinal);

    public static ClinicalStatement Of(Condition condition, string? personKey)
    {
        var verification = Codes(condition.VerificationStatus);
        var refuted = verification.Contains("refuted");
        return new ClinicalStatement
        {
            PersonKey = personKey,
            Elements = [Codings(condition.Code)],
            Displays = Displays(condition.Code),

            // No clinical status is read as active: the sender lists it as a problem and says nothing to the contrary.
            Counts = !refuted && !Codes(condition.ClinicalStatus).Overlaps(NotCurrent),
            EnteredInError = verification.Contains("entered-in-error"),
            Certainty = verification.Contains("provisional") ? IndicatorCertainty.Provisional
                : verification.Overlaps(["differential", "unconfirmed"]) ? IndicatorCertainty.Unconfirmed
                : null,
            From = DateOf(condition.Onset) ?? PersonReader.ParseDate(condition.RecordedDate),
            To = DateOf(condition.Abatement),
            SourceResource = Identity(condition),
            StatedAt = condition.Meta?.LastUpdated,
        };
    }

    public static ClinicalStatement Of(Observation observation, string? personKey)
    {
        var value = observation.Value as CodeableConcept;
        return new ClinicalStatement
        {
            PersonKey = personKey,
            Elements = value is null ? [Codings(observation.Code)] : [Codings(observation.Code), Codings(value)],
            Displays = Displays(observation.Code, value),

            // "Alcohol misuse: false" is a statement that it is absent.
            Counts = observation.Status is not ObservationStatus.Cancelled && observation.Value is not FhirBoolean { Value: false },
            EnteredInError = observation.Status is ObservationStatus.EnteredInError,
            From = DateOf(observation.Effective),
            To = PersonReader.ParseDate((observation.Effective as Period)?.End),
            SourceResource = Identity(observation),
            StatedAt = observation.Meta?.LastUpdated,
        };
    }

    public static ClinicalStatement Of(Flag flag, string? personKey) => new()
    {
        PersonKey = personKey,
        Elements = [Codings(flag.Code)],
        Displays = Displays(flag.Code),
        Counts = flag.Status is not Flag.FlagStatus.Inactive,
        EnteredInError = flag.Status is Flag.FlagStatus.EnteredInError,
        From = PersonReader.ParseDate(flag.Period?.Start),
        To = PersonReader.ParseDate(flag.Period?.End),
        SourceResource = Identity(flag),
        StatedAt = flag.Meta?.LastUpdated,
    };

    private static List<RelationshipCode> Codings(CodeableConcept? concept) =>
        concept?.Coding
            .Where(c => !string.IsNullOrWhiteSpace(c.System) && !string.IsNullOrWhiteSpace(c.Code))
            .Select(c => new RelationshipCode(c.System!.Trim(), c.Code!.Trim()))
            .Distinct()
            .ToList() ?? [];

    private static Dictionary<RelationshipCode, string> Displays(params CodeableConcept?[] concepts)
    {
        var displays = new Dictionary<RelationshipCode, string>();
        foreach (var coding in concepts.OfType<CodeableConcept>().SelectMany(c => c.Coding))
        {
            if (!string.IsNullOrWhiteSpace(coding.System) && !string.IsNullOrWhiteSpace(coding.Code) && !string.IsNullOrWhiteSpace(coding.Display))
            {
                displays.TryAdd(new RelationshipCode(coding.System.Trim(), coding.Code.Trim()), coding.Display);
            }
        }

        return displays;
    }

    private static HashSet<string> Codes(CodeableConcept? concept) =>
        concept?.Coding.Select(c => c.Code).OfType<string>().ToHashSet(StringComparer.Ordinal) ?? [];

    /// <summary>
    /// The resource's identity within the sending agency: its first identifier with a system and a value, else its type
    /// and id; hashed, so that whatever an agency puts in an identifier is never stored as it was sent.
    /// </summary>
    private static string? Identity(DomainResource resource)
    {
        var identifier = resource switch
        {
            Condition c => c.Identifier,
            Observation o => o.Identifier,
            Flag f => f.Identifier,
            _ => [],
        };
        var key = identifier.FirstOrDefault(i => !string.IsNullOrWhiteSpace(i.System) && !string.IsNullOrWhiteSpace(i.Value)) is { } id
            ? $"{resource.TypeName}|{id.System}|{id.Value}"
            : !string.IsNullOrWhiteSpace(resource.Id) ? $"{resource.TypeName}/{resource.Id}" : null;
        return key is null ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
    }

    private static DateOnly? DateOf(DataType? value) => value switch
    {
        FhirDateTime dateTime => PersonReader.ParseDate(dateTime.Value),
        Date date => PersonReader.ParseDate(date.Value),
        Period period => PersonReader.ParseDate(period.Start),
        Instant instant => instant.Value is { } v ? DateOnly.FromDateTime(v.DateTime) : null,
        _ => null,
    };
}
