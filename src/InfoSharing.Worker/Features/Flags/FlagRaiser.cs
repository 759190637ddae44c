using System.Text.Json;
using InfoSharing.Contracts;
using InfoSharing.Data;
using InfoSharing.Data.Audit;
using InfoSharing.Data.Flags;
using InfoSharing.Data.Ingest;
using InfoSharing.Data.Linkage;
using InfoSharing.Data.Messaging;
using InfoSharing.Domain.Flags;
using InfoSharing.Domain.Relationships;
using InfoSharing.Fhir.FlagMessages;
using InfoSharing.Worker.Features.People;
using InfoSharing.Worker.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InfoSharing.Worker.Features.Flags;

/// <summary>
/// Raises a flag once per (code, child, man), writes its first version, and queues one FHIR flag message per
/// entitled subscriber in the outbox, all in the caller's transaction.
/// </summary>
public sealed class FlagRaiser(IOptions<MessagingOptions> options, TimeProvider time)
{
    private readonly FlagCatalogue _catalogue = FlagCatalogue.Default;

    public async Task RaiseSignificantMaleLinkedAsync(
        InfoSharingDbContext db,
        InboundMessage source,
        Child child,
        ResolvedPerson male,
        Relationship relationship,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(child);
        ArgumentNullException.ThrowIfNull(male);
        ArgumentNullException.ThrowIfNull(relationship);
        var definition = _catalogue[FlagCodes.SignificantMaleLinked];
        var personId = male.Person.Id;
        var exists = db.Flags.Local.Any(f => f.Code == definition.Code && f.ChildId == child.Id && f.PersonId == personId)
            || await db.Flags.AnyAsync(f => f.Code == definition.Code && f.ChildId == child.Id && f.PersonId == personId, cancellationToken);
        if (exists)
        {
            return;
        }

        var now = time.GetUtcNow();
        var subject = new ChildSubject(
            child.Id,
            await NhsNumberOfAsync(db, child.InfantPersonId, cancellationToken),
            await NhsNumberOfAsync(db, child.MotherPersonId, cancellationToken),
            child.ExpectedDeliveryDate);
        var flag = new FlagRecord
        {
            Id = Guid.CreateVersion7(),
            Code = definition.Code,
            ChildId = child.Id,
            PersonId = personId,
            Status = "active",
            Version = 1,
            RaisedAt = now,
            UpdatedAt = now,
        };
        flag.Versions.Add(new FlagVersion
        {
            FlagId = flag.Id,
            Version = 1,
            Status = flag.Status,
            Event = FlagMessageTypes.Raised,
            CatalogueVersion = _catalogue.Version,
            Evidence = JsonSerializer.Serialize(new { relationshipIds = new[] { relationship.Id }, inboundMessageIds = new[] { source.Id }, rule = definition.Rule }),
            RecordedAt = now,
        });
        db.Flags.Add(flag);
        db.Record(AuditLog.FlagVersion, "worker:flag-rules", now, [flag.Id, child.Id, personId, relationship.Id], new
        {
            flagId = flag.Id,
            version = flag.Version,
            code = definition.Code,
            status = flag.Status,
            @event = FlagMessageTypes.Raised,
            childId = child.Id,
            personId,
            rule = definition.Rule,
            catalogueVersion = _catalogue.Version,
            relationshipIds = new[] { relationship.Id },
        });

        foreach (var (subscriber, entitlement) in options.Value.Subscribers)
        {
            if (!entitlement.FlagCodes.Contains(definition.Code))
            {
                continue;
            }

            var messageId = $"flag-{flag.Id:N}-v{flag.Version}-{subscriber}";
            var content = new FlagMessageContent
            {
                FlagId = flag.Id,
                Version = flag.Version,
                Event = FlagMessageTypes.Raised,
                Status = flag.Status,
                Code = definition.Code,
                Display = definition.Display,
                RecommendedAction = definition.RecommendedAction,
                Subscriber = subscriber,
                MessageId = messageId,
                OccurredAt = now,
                FlagStart = now,
                Child = subject,
                Male = new LinkedMale(
                    personId,
                    RelationshipTypeCodes.FromCode(relationship.Type),
                    male.Person.NhsNumber,
                    male.Record.GivenName,
                    male.Record.FamilyName,
                    male.Record.BirthDate),
                Sources = [new EvidenceSource(source.Agency, source.MessageId ?? source.Id.ToString(), source.ReceivedAt)],
                LinkConfidence = relationship.Confidence,
            };
            db.Outbox.Add(new OutboxMessage
            {
                Exchange = Exchanges.Flags,
                RoutingKey = $"{subscriber}.{definition.Code}",
                MessageId = messageId,
                MessageType = FlagMessageTypes.Raised,
                ContentType = ContentTypes.FhirJson,
                Body = FlagMessageWriter.WriteJson(content),
                Headers = "{}",
                CreatedAt = now,
            });
            db.Disclosures.Add(new Disclosure
            {
                Id = Guid.CreateVersion7(),
                FlagId = flag.Id,
                FlagVersion = flag.Version,
                Subscriber = subscriber,
                MessageId = messageId,
                QueuedAt = now,
            });
        }
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
}
