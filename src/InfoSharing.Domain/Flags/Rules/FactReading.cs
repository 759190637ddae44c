namespace InfoSharing.Domain.Flags;

/// <summary>How the rules read time on facts; one place, so every rule reads it the same way.</summary>
internal static class FactReading
{
    /// <summary>Not undone, begun, and not ended: ValidTo is the instant it ended (exclusive).</summary>
    public static bool InForce(this RelationshipFact r, DateTimeOffset asOf) =>
        !r.Undone && r.ValidFrom <= asOf && (r.ValidTo is null || r.ValidTo > asOf);

    /// <summary>Not undone, and ended at or before the moment.</summary>
    public static bool Ended(this RelationshipFact r, DateTimeOffset asOf) =>
        !r.Undone && r.ValidTo is { } to && to <= asOf;

    public static DateOnly Day(this DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);

    /// <summary>Active, not entered in error, and today within its effective period (both ends inclusive, open when null).</summary>
    public static bool Counts(this IndicatorFact i, DateOnly today) =>
        i.Active && !i.EnteredInError && (i.From is null || i.From <= today) && (i.To is null || i.To >= today);

    public static IEnumerable<IndicatorFact> Counting(this IEnumerable<IndicatorFact> indicators, DateOnly today, params IEnumerable<string> kinds) =>
        indicators.Where(i => kinds.Contains(i.Kind, StringComparer.Ordinal) && i.Counts(today));
}
