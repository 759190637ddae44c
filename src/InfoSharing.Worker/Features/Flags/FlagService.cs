using System.Text.Json;
using InfoSharing.Contracts;
using InfoSharing.Data;
using InfoSharing.Data.Audit;
using InfoSharing.Data.Flags;
using InfoSharing.Data.Messaging;
using InfoSharing.Domain.Flags;
using InfoSharing.Domain.Relationships;
using InfoSharing.Fhir.FlagMessages;
using InfoSharing.ServiceDefaults;
using InfoSharing.Worker.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InfoSharing.Worker.Features.Flags;

/// <summary>
/// Runs the flag rules for every child whose picture a message changed, and writes what changed: a new flag version
/// (raised, updated or withdrawn) and its audit entry, and one FHIR flag message in the outbox for each entitled
/// subscriber to which something it may see changed (<see cref="Materiality"/>), all in the caller's transaction.
/// Evidence that only accumulates is a new version in the history and the audit log, and is not sent. Because the
/// rules read the whole picture each time, messages may arrive in any order.
/// </summary>
public sealed class FlagService(InfantPictureLoader loader, Terminology.TerminologyState terminology, IOptions<MessagingOptions> options, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly FlagCatalogue _catalogue = FlagCatalogue.Default;

    /// <summary>The children whose picture includes any of these persons or children.</summary>
    public static async Task<IReadOnlyList<Guid>> AffectedChildrenAsync(
        InfoSharingDbContext db, IReadOnlyCollection<Guid> personIds, IReadOnlyCollection<Guid> childIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var persons = personIds.ToList();
        var children = childIds.ToList();
        var direct = await db.Children
            .Where(c => c.MergedIntoChildId == null
                && (children.Contains(c.Id)
                    || (c.MotherPersonId != null && persons.Contains(c.MotherPersonId.Value))
                    || (c.InfantPersonId != null && persons.Contains(c.InfantPersonId.Value))))
            .Select(c => c.Id)
            .ToListAsync(cancellationToken);
        var viaMen = await db.Relationships.Where(r => persons.Contains(r.PersonId)).Select(r => r.ChildId).ToListAsync(cancellationToken);
        return direct.Concat(viaMen).Distinct().Order().ToList();
    }

    /// <summary>Re-runs the rules for each child and writes what changed.</summary>
    /// <param name="db">The context of the caller's transaction.</param>
    /// <param name="childIds">The children to evaluate.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <param name="linkFoundWrong">
    /// True when the change comes from a reviewer undoing a person link (an unmerge): a flag that no longer holds was
    /// resting on a link found wrong, so it is withdrawn as entered-in-error rather than inactive.
    /// </param>
    public async Task EvaluateAsync(InfoSharingDbContext db, IEnumerable<Guid> childIds, CancellationToken cancellationToken, bool linkFoundWrong = false)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(childIds);
        var valueSets = await terminology.RefreshAsync(db, cancellationToken);
        foreach (var childId in childIds)
        {
            var now = time.GetUtcNow();
            var picture = await loader.LoadAsync(db, childId, now, valueSets, cancellationToken);
            if (picture is null)
            {
                continue;
            }

            var evaluation = FlagRules.Evaluate(picture, _catalogue);
            var flags = await db.Flags.Where(f => f.ChildId == childId).ToListAsync(cancellationToken);
            var hashes = await LatestEvidenceHashesAsync(db, flags, cancellationToken);
            var existing = flags.Select(f => new ExistingFlag(f.Id, f.Code, f.PersonId, f.Status, f.Version, hashes.GetValueOrDefault(f.Id).Hash ?? string.Empty)
            {
                Evidence = hashes.GetValueOrDefault(f.Id).Evidence,
            }).ToList();
            foreach (var diff in FlagRules.Diff(evaluation, existing))
            {
                // Only a flag about a man can have rested on his person link; others (e.g. an ageing was-not-brought) end as usual.
                var change = linkFoundWrong && diff.Event == FlagMessageTypes.Withdrawn && diff.About == FlagPerson.LinkedMale
                    ? diff with { Status = FlagStatuses.EnteredInError }
                    : diff;
                var flag = change.FlagId is { } id ? flags.Single(f => f.Id == id) : null;
                await ApplyAsync(db, picture, evaluation.CatalogueVersion, valueSets, change, flag, now, cancellationToken);
            }
        }
    }

    private async Task ApplyAsync(
        InfoSharingDbContext db,
        InfantPicture picture,
        string catalogueVersion,
        Domain.Terminology.IndicatorTerminology valueSets,
        FlagChange change,
        FlagRecord? flag,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var definition = _catalogue[change.Code];
        if (flag is null)
        {
            flag = new FlagRecord
            {
                Id = Guid.CreateVersion7(),
                Code = change.Code,
                ChildId = picture.ChildId,
                PersonId = change.PersonId,
                Status = change.Status,
                Version = change.Version,
                RaisedAt = now,
                UpdatedAt = now,
            };
            db.Flags.Add(flag);
        }
        else
        {
            flag.Status = change.Status;
            flag.Version = change.Version;
            flag.UpdatedAt = now;
            if (change.Event == FlagMessageTypes.Raised)
            {
                flag.RaisedAt = now;
            }
        }

        var evidence = change.Desired?.Evidence ?? [];
        var valueSetVersions = (change.Desired?.IndicatorKinds ?? [])
            .Where(k => valueSets.ValueSets.ContainsKey(k))
            .ToDictionary(k => k, k => valueSets.ValueSets[k].Version, StringComparer.Ordinal);
        var subject = new ChildSubject(
            picture.ChildId,
            await NhsNumberOfAsync(db, picture.InfantPersonId, cancellationToken),
            await NhsNumberOfAsync(db, picture.MotherPersonId, cancellationToken),
            picture.ExpectedDeliveryDate);
        var male = change.PersonId is { } personId && change.About == FlagPerson.LinkedMale
            ? await MaleAsync(db, personId, change.Relationship, cancellationToken)
            : null;
        var sources = await SourcesAsync(db, change.Desired, cancellationToken);
        var view = new FlagView
        {
            Status = change.Status,
            Definition = definition,
            Details = change.Desired?.Details ?? [],
            InfantNhsNumber = subject.InfantNhsNumber,
            MotherNhsNumber = subject.MotherNhsNumber,
            ExpectedDeliveryDate = subject.ExpectedDeliveryDate,

            // An entered-in-error withdrawal names no man: what the subscriber sees is the flag and its status.
            ManPersonId = change.Status == FlagStatuses.EnteredInError ? null : male?.PersonId,
            Relationship = change.Status == FlagStatuses.EnteredInError ? null : male?.Relationship,
            ManGivenName = male?.GivenName,
            ManFamilyName = male?.FamilyName,
            ManBirthDate = male?.BirthDate,
            ManNhsNumber = male?.NhsNumber,
            LinkConfidence = change.Desired?.LinkConfidence,
        };

        var lastSent = await LastSentHashesAsync(db, flag.Id, cancellationToken);
        var sentTo = new List<string>();
        var notSentTo = new List<string>();
        foreach (var entitlement in options.Value.Subscribers.Select(s => s.Value.ToEntitlement(s.Key)))
        {
            if (!entitlement.Receives(definition))
            {
                continue;
            }

            var subscriber = entitlement.Subscriber;
            var material = Materiality.Hash(view, entitlement);
            if (!Materiality.ShouldSend(change.Status, material, lastSent.GetValueOrDefault(subscriber)))
            {
                notSentTo.Add(subscriber);
                Telemetry.FlagVersionsNotSent.Add(1, new KeyValuePair<string, object?>("subscriber", subscriber));
                continue;
            }

            sentTo.Add(subscriber);
            var messageId = $"flag-{flag.Id:N}-v{change.Version}-{subscriber}";
            var content = new FlagMessageContent
            {
                FlagId = flag.Id,
                Version = change.Version,
                Event = change.Event,
                Status = change.Status,
                Code = definition.Code,
                Display = definition.Display,
                RecommendedAction = definition.RecommendedAction,
                Sensitivity = definition.Sensitivity,
                Subscriber = subscriber,
                MessageId = messageId,
                OccurredAt = now,
                FlagStart = flag.RaisedAt,
                Child = subject,
                Male = male,
                Sources = sources,
                LinkConfidence = change.Desired?.LinkConfidence,
                FlagEnd = change.Event == FlagMessageTypes.Withdrawn ? now : null,
                Injuries = view.Details,
            };
            db.Outbox.Add(new OutboxMessage
            {
                Exchange = Exchanges.Flags,
                RoutingKey = $"{subscriber}.{definition.Code}",
                MessageId = messageId,
                MessageType = change.Event,
                ContentType = ContentTypes.FhirJson,
                Body = FlagMessageWriter.WriteJson(content, entitlement),
                Headers = "{}",
                CreatedAt = now,
            });
            db.Disclosures.Add(new Disclosure
            {
                Id = Guid.CreateVersion7(),
                FlagId = flag.Id,
                FlagVersion = change.Version,
                Subscriber = subscriber,
                MessageId = messageId,
                QueuedAt = now,
                MaterialHash = material,
            });
        }

        db.FlagVersions.Add(new FlagVersion
        {
            FlagId = flag.Id,
            Version = change.Version,
            Status = change.Status,
            Event = change.Event,
            CatalogueVersion = catalogueVersion,
            Evidence = JsonSerializer.Serialize(
                new EvidenceRecord(change.Desired?.EvidenceHash ?? string.Empty, evidence, change.Desired?.SourceAgencies ?? [], definition.Rule, view.Details, valueSetVersions, sentTo, notSentTo),
                Json),
            RecordedAt = now,
        });
        db.Record(AuditLog.FlagVersion, "worker:flag-rules", now, new[] { flag.Id, picture.ChildId }.Concat(change.PersonId is { } p ? [p] : []).Concat(evidence.Select(e => e.Id)), new
        {
            flagId = flag.Id,
            version = change.Version,
            code = change.Code,
            status = change.Status,
            @event = change.Event,
            childId = picture.ChildId,
            personId = change.PersonId,
            rule = definition.Rule,
            catalogueVersion,
            valueSetVersions,
            details = view.Details,
            evidence,
            evidenceHash = change.Desired?.EvidenceHash,
            sentTo,
            notSentTo,
            notSentBecause = notSentTo.Count == 0 ? null : "nothing these subscribers may see changed (evidence only accumulated)",
        });
    }

    /// <summary>The material hash of the last version sent to each subscriber of this flag.</summary>
    private static async Task<Dictionary<string, string?>> LastSentHashesAsync(InfoSharingDbContext db, Guid flagId, CancellationToken cancellationToken)
    {
        var sent = await db.Disclosures.AsNoTracking()
            .Where(d => d.FlagId == flagId)
            .Select(d => new { d.Subscriber, d.FlagVersion, d.MaterialHash })
            .ToListAsync(cancellationToken);
        sent.AddRange(db.Disclosures.Local.Where(d => d.FlagId == flagId).Select(d => new { d.Subscriber, d.FlagVersion, d.MaterialHash }));

        // A disclosure from before material hashes were kept has none: treat it as different, so the next change is sent.
        return sent.GroupBy(d => d.Subscriber, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (string?)(g.MaxBy(d => d.FlagVersion)!.MaterialHash ?? "unknown"), StringComparer.Ordinal);
    }

    /// <summary>The evidence hash and the fact ids of each flag's latest active version.</summary>
    private static async Task<Dictionary<Guid, (string? Hash, IReadOnlySet<Guid>? Evidence)>> LatestEvidenceHashesAsync(
        InfoSharingDbContext db, List<FlagRecord> flags, CancellationToken cancellationToken)
    {
        var ids = flags.Select(f => f.Id).ToList();
        var versions = await db.FlagVersions.AsNoTracking()
            .Where(v => ids.Contains(v.FlagId) && v.Status == FlagStatuses.Active)
            .GroupBy(v => v.FlagId)
            .Select(g => g.OrderByDescending(v => v.Version).First())
            .ToListAsync(cancellationToken);
        return versions.ToDictionary(v => v.FlagId, v => Read(v.Evidence));
    }

    private static (string? Hash, IReadOnlySet<Guid>? Evidence) Read(string evidenceJson)
    {
        using var doc = JsonDocument.Parse(evidenceJson);
        var root = doc.RootElement;
        var hash = root.TryGetProperty("evidenceHash", out var h) ? h.GetString() : null;
        IReadOnlySet<Guid>? evidence = root.TryGetProperty("evidence", out var e) && e.ValueKind == JsonValueKind.Array
            ? e.EnumerateArray().Where(x => x.TryGetProperty("id", out _)).Select(x => x.GetProperty("id").GetGuid()).ToHashSet()
            : null;
        return (hash, evidence);
    }

    private static async Task<LinkedMale> MaleAsync(InfoSharingDbContext db, Guid personId, RelationshipType? relationship, CancellationToken cancellationToken)
    {
        var person = db.Persons.Local.FirstOrDefault(p => p.Id == personId) ?? await db.Persons.FindAsync([personId], cancellationToken);
        var record = await db.PersonRecords.AsNoTracking()
            .Where(r => r.PersonId == personId)
            .OrderByDescending(r => r.GivenName != null && r.FamilyName != null)
            .ThenByDescending(r => r.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
        return new LinkedMale(personId, relationship ?? RelationshipType.OtherSignificantMale, person?.NhsNumber, record?.GivenName, record?.FamilyName, record?.BirthDate);
    }

    /// <summary>The source messages behind the flag's relationships (agency and message id only).</summary>
    private static async Task<IReadOnlyList<EvidenceSource>> SourcesAsync(InfoSharingDbContext db, DesiredFlag? desired, CancellationToken cancellationToken)
    {
        if (desired is null)
        {
            return [];
        }

        var relationshipIds = desired.RelationshipIds.ToList();
        var messageIds = await db.RelationshipEvidence.AsNoTracking()
            .Where(e => relationshipIds.Contains(e.RelationshipId))
            .Select(e => e.InboundMessageId)
            .Distinct()
            .ToListAsync(cancellationToken);
        var indicatorIds = desired.Evidence.Where(e => e.Kind == EvidenceKinds.Indicator).Select(e => e.Id).ToList();
        messageIds.AddRange(await db.RiskIndicators.AsNoTracking().Where(i => indicatorIds.Contains(i.Id)).Select(i => i.InboundMessageId).ToListAsync(cancellationToken));
        return await db.InboundMessages.AsNoTracking()
            .Where(m => messageIds.Contains(m.Id))
            .OrderBy(m => m.ReceivedAt)
            .Select(m => new EvidenceSource(m.Agency, m.MessageId ?? m.Id.ToString(), m.ReceivedAt))
            .ToListAsync(cancellationToken);
    }

    private static async Task<string?> NhsNumberOfAsync(InfoSharingDbContext db, Guid? personId, CancellationToken cancellationToken)
    {
        if (personId is not { } id)
        {
            return null;
        }

        var person = db.Persons.Local.FirstOrDefault(p => p.Id == id) ?? await db.Persons.FindAsync([id], cancellationToken);
        return person?.NhsNumber;
    }

    private sealed record EvidenceRecord(
        string EvidenceHash,
        IReadOnlyList<EvidenceRef> Evidence,
        IReadOnlyList<string> SourceAgencies,
        string Rule,
        IReadOnlyList<string> Details,
        IReadOnlyDictionary<string, string> ValueSetVersions,
        IReadOnlyList<string> SentTo,
        IReadOnlyList<string> NotSentTo);
}
