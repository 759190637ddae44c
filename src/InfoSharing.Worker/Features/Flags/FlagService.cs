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
using InfoSharing.Worker.Features.Ingest;
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
    /// The children whose change comes from a reviewer undoing a person link (an unmerge): a flag that no longer holds was
    /// resting on a link found wrong, so it is withdrawn as entered-in-error rather than inactive.
    /// </param>
    /// <remarks>
    /// Set-based: the pictures of all the children, their flags, their last disclosures and everything the flag
    /// messages name are read with one query per kind for the whole batch, not per child. What only one child's facts
    /// can make fail (reading its stored rows, its rules) throws <see cref="ChildEvaluationException"/> naming it.
    /// </remarks>
    public async Task EvaluateAsync(InfoSharingDbContext db, IReadOnlyCollection<Guid> childIds, CancellationToken cancellationToken, IReadOnlySet<Guid>? linkFoundWrong = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(childIds);
        var valueSets = await terminology.RefreshAsync(db, cancellationToken);
        var now = time.GetUtcNow();
        var batch = await loader.LoadAsync(db, childIds, cancellationToken);
        var found = batch.ChildIds.ToList();
        if (found.Count == 0)
        {
            return;
        }

        var flags = await db.Flags.Where(f => found.Contains(f.ChildId)).ToListAsync(cancellationToken);
        var flagsByChild = flags.ToLookup(f => f.ChildId);
        var latestEvidence = await LatestActiveEvidenceAsync(db, flags, cancellationToken);

        // The rules, child by child, from what the batch loaded.
        var changes = new List<PendingChange>();
        foreach (var childId in childIds.Distinct())
        {
            try
            {
                var picture = batch.Assemble(childId, now, valueSets);
                if (picture is null)
                {
                    continue;
                }

                var evaluation = FlagRules.Evaluate(picture, _catalogue);
                var childFlags = flagsByChild[childId].ToList();
                var existing = childFlags.Select(f =>
                {
                    var (hash, evidence) = latestEvidence.TryGetValue(f.Id, out var json) ? Read(json) : (null, null);
                    return new ExistingFlag(f.Id, f.Code, f.PersonId, f.Status, f.Version, hash ?? string.Empty) { Evidence = evidence };
                }).ToList();
                foreach (var diff in FlagRules.Diff(evaluation, existing))
                {
                    // Only a flag about a man can have rested on his person link; others (e.g. an ageing was-not-brought) end as usual.
                    var change = linkFoundWrong?.Contains(childId) == true && diff.Event == FlagMessageTypes.Withdrawn && diff.About == FlagPerson.LinkedMale
                        ? diff with { Status = FlagStatuses.EnteredInError }
                        : diff;
                    changes.Add(new PendingChange(picture, evaluation.CatalogueVersion, change, change.FlagId is { } id ? childFlags.Single(f => f.Id == id) : null));
                }
            }
            catch (Exception ex) when (!TransientFailures.IsTransient(ex) && ex is not OperationCanceledException)
            {
                throw new ChildEvaluationException(childId, ex);
            }
        }

        if (changes.Count == 0)
        {
            return;
        }

        var named = await NamedAsync(db, changes, cancellationToken);
        foreach (var pending in changes)
        {
            try
            {
                Apply(db, pending, valueSets, named, now);
            }
            catch (Exception ex) when (!TransientFailures.IsTransient(ex) && ex is not OperationCanceledException)
            {
                throw new ChildEvaluationException(pending.Picture.ChildId, ex);
            }
        }
    }

    /// <summary>A change the rules asked for, before it is written.</summary>
    private sealed record PendingChange(InfantPicture Picture, string CatalogueVersion, FlagChange Change, FlagRecord? Flag);

    /// <summary>What the flag messages of a batch name, read once for the batch: NHS numbers, men's details, source messages, last disclosures.</summary>
    private sealed record Named(
        IReadOnlyDictionary<Guid, string?> NhsNumbers,
        IReadOnlyDictionary<Guid, (string? GivenName, string? FamilyName, DateOnly? BirthDate)> MenDetails,
        ILookup<Guid, Guid> MessagesOfRelationship,
        IReadOnlyDictionary<Guid, Guid> MessageOfIndicator,
        IReadOnlyDictionary<Guid, EvidenceSource> Messages,
        ILookup<Guid, (string Subscriber, int FlagVersion, string? MaterialHash)> Disclosures);

    private static async Task<Named> NamedAsync(InfoSharingDbContext db, List<PendingChange> changes, CancellationToken cancellationToken)
    {
        var men = changes.Where(c => c.Change.PersonId is not null && c.Change.About == FlagPerson.LinkedMale).Select(c => c.Change.PersonId!.Value).Distinct().ToList();
        var persons = changes.SelectMany(c => new[] { c.Picture.InfantPersonId, c.Picture.MotherPersonId }).OfType<Guid>().Concat(men).Distinct().ToList();
        var nhsNumbers = await db.Persons.AsNoTracking().Where(p => persons.Contains(p.Id)).Select(p => new { p.Id, p.NhsNumber }).ToDictionaryAsync(p => p.Id, p => p.NhsNumber, cancellationToken);

        // A man's details are those of his latest record that has both names (else his latest record).
        var records = men.Count == 0
            ? []
            : await db.PersonRecords.AsNoTracking().Where(r => men.Contains(r.PersonId))
                .Select(r => new { r.PersonId, r.GivenName, r.FamilyName, r.BirthDate, r.CreatedAt, r.Id }).ToListAsync(cancellationToken);
        var menDetails = records.GroupBy(r => r.PersonId).ToDictionary(
            g => g.Key,
            g => g.OrderByDescending(r => r.GivenName != null && r.FamilyName != null).ThenByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
                .Select(r => (r.GivenName, r.FamilyName, r.BirthDate)).First());

        var relationshipIds = changes.Where(c => c.Change.Desired is not null).SelectMany(c => c.Change.Desired!.RelationshipIds).Distinct().ToList();
        var evidence = relationshipIds.Count == 0
            ? []
            : await db.RelationshipEvidence.AsNoTracking().Where(e => relationshipIds.Contains(e.RelationshipId))
                .Select(e => new { e.RelationshipId, e.InboundMessageId }).ToListAsync(cancellationToken);
        var indicatorIds = changes.Where(c => c.Change.Desired is not null)
            .SelectMany(c => c.Change.Desired!.Evidence.Where(e => e.Kind == EvidenceKinds.Indicator).Select(e => e.Id)).Distinct().ToList();
        var indicatorMessages = indicatorIds.Count == 0
            ? []
            : await db.RiskIndicators.AsNoTracking().Where(i => indicatorIds.Contains(i.Id)).Select(i => new { i.Id, i.InboundMessageId }).ToListAsync(cancellationToken);
        var messageIds = evidence.Select(e => e.InboundMessageId).Concat(indicatorMessages.Select(i => i.InboundMessageId)).Distinct().ToList();
        var messages = messageIds.Count == 0
            ? []
            : await db.InboundMessages.AsNoTracking().Where(m => messageIds.Contains(m.Id))
                .Select(m => new { m.Id, m.Agency, m.MessageId, m.ReceivedAt }).ToListAsync(cancellationToken);

        var flagIds = changes.Where(c => c.Flag is not null).Select(c => c.Flag!.Id).Distinct().ToList();
        var disclosures = flagIds.Count == 0
            ? []
            : await db.Disclosures.AsNoTracking().Where(d => flagIds.Contains(d.FlagId))
                .Select(d => new { d.FlagId, d.Subscriber, d.FlagVersion, d.MaterialHash }).ToListAsync(cancellationToken);

        return new Named(
            nhsNumbers,
            menDetails,
            evidence.ToLookup(e => e.RelationshipId, e => e.InboundMessageId),
            indicatorMessages.ToDictionary(i => i.Id, i => i.InboundMessageId),
            messages.ToDictionary(m => m.Id, m => new EvidenceSource(m.Agency, m.MessageId ?? m.Id.ToString(), m.ReceivedAt)),
            disclosures.ToLookup(d => d.FlagId, d => (d.Subscriber, d.FlagVersion, d.MaterialHash)));
    }

    private void Apply(InfoSharingDbContext db, PendingChange pending, Domain.Terminology.IndicatorTerminology valueSets, Named named, DateTimeOffset now)
    {
        var (picture, catalogueVersion, change, flag) = pending;
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
            NhsNumberOf(named, picture.InfantPersonId),
            NhsNumberOf(named, picture.MotherPersonId),
            picture.ExpectedDeliveryDate);
        var male = change.PersonId is { } personId && change.About == FlagPerson.LinkedMale
            ? Male(named, personId, change.Relationship)
            : null;
        var sources = Sources(named, change.Desired);
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

        var lastSent = LastSentHashes(db, named, flag.Id);
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
    private static Dictionary<string, string?> LastSentHashes(InfoSharingDbContext db, Named named, Guid flagId)
    {
        var sent = named.Disclosures[flagId].ToList();
        sent.AddRange(db.Tracked<Disclosure>().Where(d => d.FlagId == flagId).Select(d => (d.Subscriber, d.FlagVersion, d.MaterialHash)));

        // A disclosure from before material hashes were kept has none: treat it as different, so the next change is sent.
        return sent.GroupBy(d => d.Subscriber, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (string?)(g.MaxBy(d => d.FlagVersion).MaterialHash ?? "unknown"), StringComparer.Ordinal);
    }

    /// <summary>The stored evidence (JSON) of each flag's latest active version, read per child by <see cref="Read"/>.</summary>
    private static async Task<Dictionary<Guid, string>> LatestActiveEvidenceAsync(InfoSharingDbContext db, List<FlagRecord> flags, CancellationToken cancellationToken)
    {
        if (flags.Count == 0)
        {
            return [];
        }

        var ids = flags.Select(f => f.Id).ToList();
        var versions = await db.FlagVersions.AsNoTracking()
            .Where(v => ids.Contains(v.FlagId) && v.Status == FlagStatuses.Active)
            .GroupBy(v => v.FlagId)
            .Select(g => g.OrderByDescending(v => v.Version).First())
            .ToListAsync(cancellationToken);
        return versions.ToDictionary(v => v.FlagId, v => v.Evidence);
    }

    /// <summary>The evidence hash and the fact ids of a stored version's evidence.</summary>
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

    private static LinkedMale Male(Named named, Guid personId, RelationshipType? relationship)
    {
        var nhsNumber = named.NhsNumbers.GetValueOrDefault(personId);
        var (givenName, familyName, birthDate) = named.MenDetails.TryGetValue(personId, out var details) ? details : default;
        return new LinkedMale(personId, relationship ?? RelationshipType.OtherSignificantMale, nhsNumber, givenName, familyName, birthDate);
    }

    /// <summary>The source messages behind the flag's relationships and indicators (agency and message id only), oldest first.</summary>
    private static List<EvidenceSource> Sources(Named named, DesiredFlag? desired)
    {
        if (desired is null)
        {
            return [];
        }

        var messageIds = desired.RelationshipIds.SelectMany(r => named.MessagesOfRelationship[r])
            .Concat(desired.Evidence.Where(e => e.Kind == EvidenceKinds.Indicator).Select(e => named.MessageOfIndicator.TryGetValue(e.Id, out var m) ? m : Guid.Empty))
            .Where(m => m != Guid.Empty)
            .Distinct();
        return messageIds.Select(m => named.Messages.GetValueOrDefault(m)).OfType<EvidenceSource>()
            .OrderBy(m => m.ReceivedAt).ThenBy(m => m.Agency, StringComparer.Ordinal).ThenBy(m => m.MessageId, StringComparer.Ordinal)
            .ToList();
    }

    private static string? NhsNumberOf(Named named, Guid? personId) =>
        personId is { } id ? named.NhsNumbers.GetValueOrDefault(id) : null;

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
