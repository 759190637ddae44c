using InfoSharing.Domain.People;
using InfoSharing.Domain.Relationships;

namespace InfoSharing.Domain.Ingest;

/// <summary>
/// What one agency message says, in InfoSharing's terms, whatever its format (FHIR R4 JSON or XML, agency JSON).
/// Each feed's reader produces one; the worker writes it in the ingest transaction: people through the person
/// index, then relationships, pregnancies, births, indicators, contacts, appointments, households and cases.
/// People are referred to by <see cref="ExtractedPerson.Key"/>, a key unique within the message.
/// </summary>
public sealed record AgencyExtract
{
    public IReadOnlyList<ExtractedPerson> People { get; init; } = [];

    public IReadOnlyList<Pregnancy> Pregnancies { get; init; } = [];

    public IReadOnlyList<Birth> Births { get; init; } = [];

    public IReadOnlyList<StatedRelationship> Relationships { get; init; } = [];

    public IReadOnlyList<RiskIndicatorStatement> Indicators { get; init; } = [];

    public IReadOnlyList<ContactStatement> Contacts { get; init; } = [];

    public IReadOnlyList<AppointmentStatement> Appointments { get; init; } = [];

    public IReadOnlyList<HouseholdStatement> Households { get; init; } = [];

    public IReadOnlyList<MaracCaseStatement> MaracCases { get; init; } = [];

    /// <summary>Resources or items the message carried that the feed stores but does not map (never fatal).</summary>
    public IReadOnlyList<string> Ignored { get; init; } = [];
}

/// <summary>A person named in the message. <see cref="Role"/> says what part they play (mother, infant, partner, tenant...).</summary>
public sealed record ExtractedPerson(string Key, PersonDetails Details, string Role);

/// <summary>A mother's pregnancy, known by its expected delivery date.</summary>
public sealed record Pregnancy(string MotherKey, DateOnly ExpectedDeliveryDate);

/// <summary>A birth notified: the infant and its mother; <see cref="ExpectedDeliveryDate"/> ties it to the pregnancy when known.</summary>
public sealed record Birth(string MotherKey, string InfantKey, DateOnly? BirthDate, DateOnly? ExpectedDeliveryDate);

/// <summary>Whom a stated relationship is to: the mother's unborn child (by its mother), an infant, or another adult.</summary>
public enum RelationshipTarget
{
    /// <summary><c>ToKey</c> is the mother; the relationship is to her unborn child (or, once born, to the infant).</summary>
    UnbornChildOf,

    /// <summary><c>ToKey</c> is the infant.</summary>
    Infant,

    /// <summary><c>ToKey</c> is an adult (for example a partner of the mother). Recorded as a fact about two adults.</summary>
    Adult,
}

/// <summary>The agency stated that <see cref="FromKey"/> stands in <see cref="Type"/> to a child (or adult).</summary>
public sealed record StatedRelationship(
    string FromKey,
    string ToKey,
    RelationshipTarget Target,
    RelationshipType Type,
    RelationshipCode Code,
    DateOnly? ValidFrom = null,
    DateOnly? ValidTo = null);

/// <summary>Kinds of risk indicator, as the flag rules consume them.</summary>
public static class IndicatorKinds
{
    public const string DomesticAbuseVictim = "domestic-abuse-victim";
    public const string DomesticAbusePerpetrator = "domestic-abuse-perpetrator";
    public const string MentalHealth = "mental-health";
    public const string SubstanceMisuse = "substance-misuse";
    public const string AngerManagement = "anger-management";
    public const string ChildProtectionHistory = "child-protection-history";
    public const string CareLeaver = "care-leaver";
    public const string WasNotBrought = "was-not-brought";
    public const string InfantInjury = "infant-injury";
    public const string IconAdviceGiven = "icon-advice-given";
    public const string SafeguardingConcern = "safeguarding-concern";
}

/// <summary>Something known about a person that the flag rules use, with the agency's code and the time it applies.</summary>
public sealed record RiskIndicatorStatement(
    string PersonKey,
    string Kind,
    RelationshipCode Code,
    string? Display,
    DateOnly? EffectiveFrom,
    DateOnly? EffectiveTo,
    bool Active = true);

/// <summary>An agency contact (visit, appointment attended): who was seen. "Was the father seen?" reads this.</summary>
public sealed record ContactStatement(string SubjectKey, DateOnly? Date, string Kind, IReadOnlyList<string> PresentKeys);

/// <summary>An appointment for a person, and whether they attended (or, for a child, were not brought).</summary>
public sealed record AppointmentStatement(string SubjectKey, DateOnly? Date, string Status, bool NotAttended);

/// <summary>A household (tenancy) and who lives there or is regularly there.</summary>
public sealed record HouseholdStatement(
    string HouseholdRef,
    string? Uprn,
    string? Postcode,
    IReadOnlyList<HouseholdMemberStatement> Members);

/// <summary>Membership roles: tenant, occupant, or not resident but caring for a child or regularly present.</summary>
public sealed record HouseholdMemberStatement(string PersonKey, string Role, DateOnly? From, DateOnly? To);

/// <summary>A MARAC case event: listed, reviewed or closed, with the victim, alleged perpetrators and children.</summary>
public sealed record MaracCaseStatement(
    string CaseRef,
    string Event,
    string RiskLevel,
    DateOnly? Date,
    string? PoliceReference,
    string VictimKey,
    IReadOnlyList<string> PerpetratorKeys,
    IReadOnlyList<string> ChildKeys,
    IReadOnlyList<DateOnly> UnbornExpectedDeliveryDates);
