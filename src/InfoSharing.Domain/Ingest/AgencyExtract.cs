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

    /// <summary>
    /// The codings of each coded clinical element that matched no value set (one entry per occurrence), to be counted by
    /// agency, system and code; never with the person or the message.
    /// </summary>
    public IReadOnlyList<RelationshipCode> UnmappedCodes { get; init; } = [];
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

/// <summary>
/// Kinds of risk indicator, as the flag rules consume them. Each has a value set of national codes
/// (Terminology/valuesets/indicator-&lt;kind&gt;.json) and a code of its own in InfoSharing's indicator code system.
/// </summary>
public static class IndicatorKinds
{
    public const string DomesticAbuseVictim = "domestic-abuse-victim";
    public const string DomesticAbusePerpetrator = "domestic-abuse-perpetrator";
    public const string MentalHealth = "mental-health";
    public const string SelfHarm = "self-harm";
    public const string SubstanceMisuse = "substance-misuse";
    public const string AngerManagement = "anger-management";
    public const string ViolentBehaviour = "violent-behaviour";
    public const string ChildProtectionHistory = "child-protection-history";
    public const string LookedAfter = "looked-after";
    public const string ChildInNeed = "child-in-need";
    public const string CareLeaver = "care-leaver";
    public const string WasNotBrought = "was-not-brought";

    /// <summary>An injury of a type not given (InfoSharing's own code); the typed injuries follow.</summary>
    public const string InfantInjury = "infant-injury";
    public const string InfantBruising = "infant-bruising";
    public const string InfantFracture = "infant-fracture";
    public const string InfantBurnOrScald = "infant-burn-or-scald";
    public const string InfantHeadInjury = "infant-head-injury";
    public const string InfantSwelling = "infant-swelling";
    public const string IconAdviceGiven = "icon-advice-given";
    public const string SafeguardingConcern = "safeguarding-concern";

    /// <summary>Every kind, in the order the value sets are listed.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        DomesticAbuseVictim, DomesticAbusePerpetrator, MentalHealth, SelfHarm, SubstanceMisuse, AngerManagement, ViolentBehaviour,
        ChildProtectionHistory, LookedAfter, ChildInNeed, CareLeaver, WasNotBrought, InfantInjury, InfantBruising, InfantFracture,
        InfantBurnOrScald, InfantHeadInjury, InfantSwelling, IconAdviceGiven, SafeguardingConcern,
    ];

    /// <summary>The injuries the urgent non-mobile infant rule reads: an unspecified injury and each typed one.</summary>
    public static IReadOnlyList<string> InfantInjuries { get; } =
        [InfantInjury, InfantBruising, InfantFracture, InfantBurnOrScald, InfantHeadInjury, InfantSwelling];

    /// <summary>
    /// Kinds that mean something only about a child (an injury to a baby, a child not brought): a code of these kinds on
    /// a person known to be two or older is not recorded as an indicator.
    /// </summary>
    public static IReadOnlySet<string> ChildOnly { get; } = new HashSet<string>([.. InfantInjuries, WasNotBrought], StringComparer.Ordinal);

    public static bool IsKnown(string kind) => All.Contains(kind, StringComparer.Ordinal);

    /// <summary>How a flag message names an injury kind (Flag.code.text, the injury extension's display).</summary>
    public static string InjuryName(string kind) => kind switch
    {
        InfantBruising => "bruising",
        InfantFracture => "fracture",
        InfantBurnOrScald => "burn or scald",
        InfantHeadInjury => "head injury",
        InfantSwelling => "unexplained swelling",
        InfantInjury => "injury of a type not given",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an injury kind."),
    };
}

/// <summary>
/// Something an agency recorded about a person that the flag rules may use, with the agency's code and the time it
/// applies. <see cref="Kind"/> is the kind it gave when it arrived; for a coded clinical statement
/// (<see cref="Codings"/> not null) the rules derive its kinds again from the codings under the value sets in force, so
/// that a corrected value set corrects what stored facts mean. A null <see cref="Kind"/> is a statement that gives no
/// kind but ends what an earlier statement about the same <see cref="SourceResource"/> said (resolved, refuted,
/// entered in error).
/// </summary>
public sealed record RiskIndicatorStatement(
    string PersonKey,
    string? Kind,
    RelationshipCode Code,
    string? Display,
    DateOnly? EffectiveFrom,
    DateOnly? EffectiveTo,
    bool Active = true)
{
    /// <summary>Every coding of the coded elements it came from (code, and an Observation's coded value); null when the feed fixes the kind (MARAC, a missed appointment).</summary>
    public IReadOnlyList<RelationshipCode>? Codings { get; init; }

    /// <summary>
    /// The source resource's identity within the sending agency (a hash of its identifier, else of its type and id), so
    /// that a later message about the same resource (resolved, entered in error) replaces this one; null when it has none.
    /// </summary>
    public string? SourceResource { get; init; }

    /// <summary>When the agency recorded it: the resource's meta.lastUpdated, else the message's own date. The latest statement about a resource wins.</summary>
    public DateTimeOffset? StatedAt { get; init; }

    /// <summary>The agency withdrew the resource as entered in error: whatever rested on it was never true.</summary>
    public bool EnteredInError { get; init; }

    /// <summary>How sure the sender is (<see cref="IndicatorCertainty"/>); null when confirmed or unstated.</summary>
    public string? Certainty { get; init; }
}

/// <summary>
/// Condition.verificationStatus short of confirmed. A provisional diagnosis counts (the clinician is acting on it); an
/// unconfirmed or differential one counts only for an injury to a baby, where missing a real injury costs more than
/// one needless check. Refuted and entered-in-error never count.
/// </summary>
public static class IndicatorCertainty
{
    public const string Provisional = "provisional";

    /// <summary>unconfirmed or differential.</summary>
    public const string Unconfirmed = "unconfirmed";
}

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
