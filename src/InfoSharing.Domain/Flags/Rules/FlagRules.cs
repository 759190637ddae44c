using InfoSharing.Contracts;
using InfoSharing.Domain.Relationships;

namespace InfoSharing.Domain.Flags;

/// <summary>
/// The flag rules: pure functions from an <see cref="InfantPicture"/> to the flags that should hold, and from those and
/// the flags that exist to the versions to write. No I/O, no clock: time is <see cref="InfantPicture.AsOf"/>.
/// Run them whenever any input to a child's picture changes, and at least daily: three rules move with time alone
/// (<c>linked-male-not-seen</c> after its grace period, <c>was-not-brought</c> as its window slides,
/// <c>non-mobile-infant-bruising</c> through indicator periods).
/// </summary>
public static class FlagRules
{
    /// <summary>What flags should hold now: one per (code, person or null), with sorted evidence and a stable hash.</summary>
    public static FlagEvaluation Evaluate(InfantPicture picture, FlagCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(picture);
        ArgumentNullException.ThrowIfNull(catalogue);
        var desired = Find(picture, catalogue);

        // Had the undone links been right, and the statements entered in error true, which flags would hold? Those that
        // would, and do not, ended because something they rested on was found wrong: they are withdrawn as
        // entered-in-error, every other withdrawal as inactive.
        static IReadOnlyList<IndicatorFact> Restore(IReadOnlyList<IndicatorFact> facts) => facts.Select(i => i with { EnteredInError = false }).ToList();
        var restored = picture with
        {
            LinkedPeople = picture.LinkedPeople
                .Select(p => p with { Relationships = p.Relationships.Select(r => r with { Undone = false }).ToList(), Indicators = Restore(p.Indicators) })
                .ToList(),
            MotherIndicators = Restore(picture.MotherIndicators),
            InfantIndicators = Restore(picture.InfantIndicators),
        };
        var heldKeys = desired.Select(f => new FlagKey(f.Code, f.PersonId)).ToHashSet();
        var onlyByUndone = Find(restored, catalogue)
            .Select(f => new FlagKey(f.Code, f.PersonId))
            .Where(k => !heldKeys.Contains(k))
            .ToHashSet();
        return new FlagEvaluation(desired, onlyByUndone, catalogue.Version)
        {
            MotherPersonId = picture.MotherPersonId,
            FoundWrong = picture.LinkedPeople.SelectMany(p => p.Relationships).Where(r => r.Undone).Select(r => r.RelationshipId)
                .Concat(picture.LinkedPeople.SelectMany(p => p.Indicators).Concat(picture.MotherIndicators).Concat(picture.InfantIndicators)
                    .Where(i => i.EnteredInError).Select(i => i.Id))
                .ToHashSet(),
            StandingRelationships = picture.LinkedPeople
                .Select(p => (p.PersonId, Standing: p.Relationships.Where(r => !r.Undone).Select(r => (RelationshipType?)r.Type).Min()))
                .Where(p => p.Standing is not null)
                .GroupBy(p => p.PersonId)
                .ToDictionary(g => g.Key, g => g.Min(p => p.Standing!.Value)),
        };
    }

    /// <summary>
    /// The flag versions to write, ordered by code then person: raise what is desired and does not exist (or was
    /// withdrawn), update what exists active whose evidence hash differs, withdraw what exists active and is no longer
    /// desired. Nothing for a flag whose hash is unchanged, or one already withdrawn and still not desired.
    /// </summary>
    public static IReadOnlyList<FlagChange> Diff(FlagEvaluation evaluation, IReadOnlyList<ExistingFlag> existing)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(existing);
        var desired = evaluation.Desired.ToDictionary(f => new FlagKey(f.Code, f.PersonId));
        var current = existing.ToDictionary(f => f.Key);
        var changes = new List<FlagChange>();
        foreach (var key in desired.Keys.Union(current.Keys).OrderBy(k => k.Code, StringComparer.Ordinal).ThenBy(k => k.PersonId))
        {
            desired.TryGetValue(key, out var want);
            current.TryGetValue(key, out var have);
            var change = (want, have) switch
            {
                ({ } w, null) => new FlagChange(FlagMessageTypes.Raised, FlagStatuses.Active, key.Code, key.PersonId, null, 1, w),
                ({ } w, { Status: not FlagStatuses.Active } h) =>
                    new FlagChange(FlagMessageTypes.Raised, FlagStatuses.Active, key.Code, key.PersonId, h.FlagId, h.Version + 1, w),
                ({ } w, { } h) when !string.Equals(w.EvidenceHash, h.EvidenceHash, StringComparison.Ordinal) =>
                    new FlagChange(FlagMessageTypes.Updated, FlagStatuses.Active, key.Code, key.PersonId, h.FlagId, h.Version + 1, w),
                (null, { Status: FlagStatuses.Active } h) => new FlagChange(
                    FlagMessageTypes.Withdrawn,
                    WasFoundWrong(key, h, evaluation) ? FlagStatuses.EnteredInError : FlagStatuses.Inactive,
                    key.Code,
                    key.PersonId,
                    h.FlagId,
                    h.Version + 1,
                    null),
                _ => null,
            };
            if (change is not null)
            {
                changes.Add(change with
                {
                    About = want?.About ?? AboutWhom(key.PersonId, evaluation),
                    Relationship = want is null ? Standing(key.PersonId, evaluation) : want.Relationship,
                });
            }
        }

        return changes;
    }

    /// <summary>
    /// Withdrawn as entered-in-error when it would still hold had what was found wrong been right, and it rested on
    /// something found wrong (a flag resting on a resolved record is inactive even if another, unrelated record about the
    /// same man was entered in error).
    /// </summary>
    private static bool WasFoundWrong(FlagKey key, ExistingFlag existing, FlagEvaluation evaluation) =>
        evaluation.HeldOnlyByUndoneLinks.Contains(key) && (existing.Evidence is null || existing.Evidence.Overlaps(evaluation.FoundWrong));

    private static FlagPerson AboutWhom(Guid? personId, FlagEvaluation evaluation) =>
        personId is null ? FlagPerson.Child : personId == evaluation.MotherPersonId ? FlagPerson.Mother : FlagPerson.LinkedMale;

    private static RelationshipType? Standing(Guid? personId, FlagEvaluation evaluation) =>
        personId is { } id && evaluation.StandingRelationships.TryGetValue(id, out var type) ? type : null;

    private static List<DesiredFlag> Find(InfantPicture picture, FlagCatalogue catalogue)
    {
        var findings = ChildRules.For(picture, catalogue).ToList();
        foreach (var man in picture.LinkedPeople)
        {
            findings.AddRange(LinkedMaleRules.For(man, picture, catalogue));
            if (ResumedContactRule.For(man, picture) is { } resumed)
            {
                findings.Add(resumed);
            }
        }

        var unknown = findings.FirstOrDefault(f => !catalogue.Contains(f.Code));
        if (unknown is not null)
        {
            throw new KeyNotFoundException($"Rule raised '{unknown.Code}', which catalogue version {catalogue.Version} does not define.");
        }

        // A man listed twice (two person records not yet merged into one picture entry) still gives one flag per key.
        return findings
            .GroupBy(f => f.Key)
            .Select(g => g.Count() == 1 ? g.Single() : g.First() with { Proofs = g.SelectMany(f => f.Proofs).ToList() })
            .Select(f => f.ToDesired())
            .OrderBy(f => f.Code, StringComparer.Ordinal)
            .ThenBy(f => f.PersonId)
            .ToList();
    }
}
