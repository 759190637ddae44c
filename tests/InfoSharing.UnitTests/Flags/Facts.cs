using InfoSharing.Domain.Flags;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Relationships;

namespace InfoSharing.UnitTests.Flags;

/// <summary>Synthetic pictures for the flag rules: fixed ids, one fixed "now", days counted back from it.</summary>
internal static class Facts
{
    public static readonly DateTimeOffset Now = new(2027, 6, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly DateOnly Today = new(2027, 6, 1);

    public static readonly Guid ChildId = Id(1);
    public static readonly Guid MotherId = Id(2);
    public static readonly Guid InfantId = Id(3);
    public static readonly Guid ManId = Id(4);
    public static readonly Guid OtherManId = Id(5);

    private static int _next = 1000;

    public static Guid Id(int n) => Guid.Parse($"00000000-0000-4000-8000-{n:D12}");

    public static Guid NewId() => Id(Interlocked.Increment(ref _next));

    public static DateOnly DaysAgo(int days) => Today.AddDays(-days);

    public static InfantPicture Unborn(params LinkedPersonFacts[] men) => new()
    {
        ChildId = ChildId,
        IsBorn = false,
        ExpectedDeliveryDate = Today.AddDays(60),
        MotherPersonId = MotherId,
        LinkedPeople = men,
        AsOf = Now,
    };

    public static InfantPicture Born(DateOnly birthDate, params LinkedPersonFacts[] men) => new()
    {
        ChildId = ChildId,
        IsBorn = true,
        BirthDate = birthDate,
        ExpectedDeliveryDate = birthDate,
        MotherPersonId = MotherId,
        InfantPersonId = InfantId,
        LinkedPeople = men,
        AsOf = Now,
    };

    public static RelationshipFact Relationship(
        RelationshipType type = RelationshipType.BiologicalFather,
        int fromDaysAgo = 100,
        int? endedDaysAgo = null,
        bool undone = false,
        decimal confidence = 1m,
        Guid? id = null,
        string[]? agencies = null) =>
        new(
            id ?? NewId(),
            type,
            confidence,
            Now.AddDays(-fromDaysAgo),
            endedDaysAgo is { } ended ? Now.AddDays(-ended) : null,
            agencies ?? ["midwifery"],
            undone);

    public static IndicatorFact Indicator(string kind, DateOnly? from = null, DateOnly? to = null, bool active = true, Guid? id = null, string agency = "gp") =>
        new(id ?? NewId(), kind, agency, from ?? DaysAgo(200), to, active);

    public static LinkedPersonFacts Man(RelationshipFact relationship, params IndicatorFact[] indicators) => Man(ManId, [relationship], indicators);

    public static LinkedPersonFacts Man(Guid personId, IReadOnlyList<RelationshipFact> relationships, params IndicatorFact[] indicators) => new()
    {
        PersonId = personId,
        Relationships = relationships,
        Indicators = indicators,
    };

    /// <summary>A contact with the mother at which the man was present, so "not seen" does not interfere.</summary>
    public static ContactFact SeenWithMother(Guid manId, DateOnly date, string agency = "health-visiting") =>
        new(NewId(), agency, date, MotherId, [manId]);

    public static FlagEvaluation Evaluate(InfantPicture picture) => FlagRules.Evaluate(picture, FlagCatalogue.Default);

    public static IReadOnlyList<DesiredFlag> Desired(InfantPicture picture) => Evaluate(picture).Desired;

    public static DesiredFlag? Find(this IReadOnlyList<DesiredFlag> flags, string code, Guid? personId = null) =>
        flags.SingleOrDefault(f => f.Code == code && f.PersonId == personId);

    public static IReadOnlyList<string> Codes(this IReadOnlyList<DesiredFlag> flags) => flags.Select(f => f.Code).ToList();

    public static ExistingFlag AsExisting(this DesiredFlag flag, Guid flagId, int version = 1, string status = FlagStatuses.Active) =>
        new(flagId, flag.Code, flag.PersonId, status, version, flag.EvidenceHash);

    public static IndicatorFact Perpetrator(DateOnly? from = null) => Indicator(IndicatorKinds.DomesticAbusePerpetrator, from, agency: "marac");
}
