using InfoSharing.Domain.Relationships;

namespace InfoSharing.Domain.Flags;

/// <summary>
/// Everything known about one infant or unborn child that the flag rules read, as plain data. Ids are InfoSharing's
/// internal ids; no names or NHS numbers are needed. The worker loads it in the transaction that will write the flag
/// changes, passes it to <see cref="FlagRules.Evaluate"/>, and gives the result to <see cref="FlagRules.Diff"/>.
/// </summary>
public sealed record InfantPicture
{
    public required Guid ChildId { get; init; }

    /// <summary>True once a birth is known (a birth notification, or an infant known to an agency in its own right).</summary>
    public required bool IsBorn { get; init; }

    public DateOnly? BirthDate { get; init; }

    public DateOnly? ExpectedDeliveryDate { get; init; }

    public Guid? MotherPersonId { get; init; }

    public Guid? InfantPersonId { get; init; }

    /// <summary>
    /// Every man (or non-birthing partner) with a relationship to this child, including relationships that have ended
    /// or were undone: the rules need those to tell "ended" from "found wrong" and to see a separation.
    /// </summary>
    public IReadOnlyList<LinkedPersonFacts> LinkedPeople { get; init; } = [];

    public IReadOnlyList<IndicatorFact> MotherIndicators { get; init; } = [];

    public IReadOnlyList<IndicatorFact> InfantIndicators { get; init; } = [];

    public IReadOnlyList<AppointmentFact> InfantAppointments { get; init; } = [];

    /// <summary>Agency contacts whose subject or present persons include the mother, the infant or any linked man.</summary>
    public IReadOnlyList<ContactFact> Contacts { get; init; } = [];

    /// <summary>
    /// The moment the rules are evaluated for. Relationships are compared with it as instants; dated facts
    /// (indicators, appointments, contacts) with <see cref="Today"/>, its UTC date.
    /// </summary>
    public required DateTimeOffset AsOf { get; init; }

    public DateOnly Today => DateOnly.FromDateTime(AsOf.UtcDateTime);
}

/// <summary>One man linked (now or once) to the child, what is recorded about him, and his links to the mother.</summary>
public sealed record LinkedPersonFacts
{
    public required Guid PersonId { get; init; }

    /// <summary>His relationships to this child, of every type, including ended and undone ones.</summary>
    public IReadOnlyList<RelationshipFact> Relationships { get; init; } = [];

    public IReadOnlyList<IndicatorFact> Indicators { get; init; } = [];

    /// <summary>
    /// Links between him and the mother that are not relationships to this child (see <see cref="MotherLinkKinds"/>).
    /// Only <c>abusive-partner-contact-resumed</c> reads them: one that ended marks a separation, one that began after
    /// a separation marks contact resumed.
    /// </summary>
    public IReadOnlyList<MotherLinkFact> MotherLinks { get; init; } = [];
}

/// <summary>
/// A relationship of a man to this child. <see cref="Undone"/> means a reviewer found the link wrong (for example the
/// person match beneath it was undone): it counts for nothing, and flags resting only on it are entered-in-error.
/// <see cref="ValidTo"/> in the past means the relationship ended (he moved out): flags resting only on it become inactive.
/// </summary>
public sealed record RelationshipFact(
    Guid RelationshipId,
    RelationshipType Type,
    decimal Confidence,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidTo,
    IReadOnlyList<string> SourceAgencies,
    bool Undone = false);

/// <summary>
/// A risk indicator on a person (kinds as in <c>Ingest.IndicatorKinds</c>). It counts while <see cref="Active"/>, not
/// <see cref="EnteredInError"/>, and <see cref="From"/> ≤ today ≤ <see cref="To"/> (either end open when null).
/// </summary>
public sealed record IndicatorFact(Guid Id, string Kind, string Agency, DateOnly? From, DateOnly? To, bool Active = true, string? Code = null)
{
    /// <summary>
    /// The agency withdrew the statement it rests on as entered in error: it counts for nothing, and a flag that held
    /// only through it is withdrawn as entered-in-error.
    /// </summary>
    public bool EnteredInError { get; init; }
}

/// <summary>An appointment for the infant, and whether the infant was not brought to it.</summary>
public sealed record AppointmentFact(Guid Id, string Agency, DateOnly? Date, bool NotAttended);

/// <summary>An agency contact: who it was about and who else was recorded as present.</summary>
public sealed record ContactFact(Guid Id, string Agency, DateOnly? Date, Guid SubjectPersonId, IReadOnlyList<Guid> PresentPersonIds)
{
    /// <summary>True when the person was the subject of the contact or recorded as present at it.</summary>
    public bool Saw(Guid personId) => SubjectPersonId == personId || PresentPersonIds.Contains(personId);
}

/// <summary>
/// A link between a man and the mother outside this child's relationships, from <see cref="From"/> to <see cref="To"/>
/// (the last day; null while it lasts). <see cref="Kind"/> is one of <see cref="MotherLinkKinds"/>.
/// </summary>
public sealed record MotherLinkFact(Guid Id, string Kind, string Agency, DateOnly? From, DateOnly? To);

/// <summary>The kinds of <see cref="MotherLinkFact"/> the worker derives from the stored feeds.</summary>
public static class MotherLinkKinds
{
    /// <summary>He and the mother were members of the same household (housing): from/to the overlap of their memberships.</summary>
    public const string SharedHousehold = "shared-household";

    /// <summary>He stood in a relationship to another child of hers: from/to that relationship.</summary>
    public const string OtherChild = "other-child";

    /// <summary>A MARAC case with her as victim and him as alleged perpetrator: from the listing, to the closure.</summary>
    public const string MaracCase = "marac-case";
}
