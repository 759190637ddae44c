using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Relationships;
using InfoSharing.Domain.Terminology;

namespace InfoSharing.Domain.Flags;

/// <summary>
/// One stored indicator statement as the rules need it (the worker reads it from person.risk_indicators).
/// <see cref="Codings"/> null means the feed fixed <see cref="Kind"/> (MARAC, a missed appointment).
/// </summary>
public sealed record StoredIndicator
{
    public required Guid Id { get; init; }

    public required Guid PersonId { get; init; }

    public required string Agency { get; init; }

    public string? Kind { get; init; }

    public IReadOnlyList<RelationshipCode>? Codings { get; init; }

    public string? SourceResource { get; init; }

    public required DateTimeOffset StatedAt { get; init; }

    public required DateTimeOffset RecordedAt { get; init; }

    public bool Active { get; init; } = true;

    public bool EnteredInError { get; init; }

    public string? Certainty { get; init; }

    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    public string? Code { get; init; }
}

/// <summary>
/// What stored indicator statements mean now: the latest statement about a source resource replaces the earlier ones
/// (a resolved condition ends its indicator; one entered in error makes every earlier statement about it count for
/// nothing, as entered in error), and a coded statement's kinds come from its codings under the value sets in force,
/// so that a corrected value set corrects what was stored under the old one. Pure: no I/O, no clock.
/// </summary>
public static class IndicatorStatements
{
    /// <summary>The indicator facts of the statements about <paramref name="people"/>; statements about others only decide what was replaced.</summary>
    public static IReadOnlyList<(Guid PersonId, IndicatorFact Fact)> Resolve(
        IEnumerable<StoredIndicator> statements, IndicatorTerminology terminology, IReadOnlySet<Guid> people)
    {
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(terminology);
        ArgumentNullException.ThrowIfNull(people);
        var facts = new List<(Guid, IndicatorFact)>();
        foreach (var group in statements.GroupBy(s => s.SourceResource is null ? (s.Agency, s.Id.ToString("N")) : (s.Agency, s.SourceResource)))
        {
            var ordered = group.OrderBy(s => s.StatedAt).ThenBy(s => s.RecordedAt).ThenBy(s => s.Id).ToList();
            var latest = ordered[^1];
            var retracted = latest.EnteredInError;
            foreach (var statement in retracted ? ordered : [latest])
            {
                if (!people.Contains(statement.PersonId))
                {
                    continue;
                }

                foreach (var kind in KindsOf(statement, terminology))
                {
                    facts.Add((statement.PersonId, new IndicatorFact(
                        statement.Id,
                        kind,
                        statement.Agency,
                        statement.From,
                        statement.To,
                        statement.Active && CertainEnough(statement.Certainty, kind),
                        statement.Code)
                    {
                        EnteredInError = retracted,
                    }));
                }
            }
        }

        return facts;
    }

    private static IReadOnlyList<string> KindsOf(StoredIndicator statement, IndicatorTerminology terminology) =>
        statement.Codings is { } codings ? terminology.KindsOf(codings)
        : statement.Kind is { } kind ? [kind]
        : [];

    /// <summary>Provisional counts; unconfirmed or differential counts only for an injury to a baby (decision 0015).</summary>
    private static bool CertainEnough(string? certainty, string kind) =>
        certainty != IndicatorCertainty.Unconfirmed || IndicatorKinds.InfantInjuries.Contains(kind, StringComparer.Ordinal);
}
