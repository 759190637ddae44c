using System.Globalization;
using Hl7.Fhir.Model;
using InfoSharing.Api.Features.Audit;
using InfoSharing.Api.Features.Linkage;

namespace InfoSharing.Api.Features.Export;

/// <summary>
/// A child's history as a FHIR R4 Bundle (type collection): one AuditEvent per audit entry (with its content, hash
/// and the previous entry's hash, so a panel can check the run of the chain it was given), one Provenance per
/// relationship (target the relationship, entities the source messages and records) and one per person link
/// (target the person, the rule and confidence of the join). References are logical (internal ids as identifiers):
/// the bundle holds no names and no NHS numbers.
/// </summary>
public static class HistoryBundleWriter
{
    public const string System = "https://fhir.infosharing.uk";
    public const string EntryKindSystem = System + "/CodeSystem/audit-entry-kind";
    public const string LinkRuleSystem = System + "/CodeSystem/link-rule";
    public const string RelationshipTypeSystem = System + "/CodeSystem/relationship-type";
    public const string ConfidenceExtension = System + "/StructureDefinition/link-confidence";

    public static Bundle Write(ChildHistoryResponse history, DateTimeOffset exportedAt)
    {
        ArgumentNullException.ThrowIfNull(history);
        var bundle = new Bundle
        {
            Type = Bundle.BundleType.Collection,
            Identifier = new Identifier($"{System}/Id/export", Guid.CreateVersion7().ToString()),
            Timestamp = exportedAt,
        };
        foreach (var change in history.Changes.Items)
        {
            Add(bundle, change.EntryId, AuditEvent(change));
        }

        foreach (var person in history.LinkedPeople)
        {
            foreach (var relationship in person.Relationships)
            {
                Add(bundle, relationship.RelationshipId, RelationshipProvenance(person, relationship));
            }
        }

        foreach (var link in history.LinkedPeople.SelectMany(p => p.PersonLinks).Concat(history.MotherAndInfantLinks).DistinctBy(l => l.PersonRecordId))
        {
            Add(bundle, link.PersonRecordId, PersonLinkProvenance(link));
        }

        return bundle;
    }

    private static AuditEvent AuditEvent(AuditChange change)
    {
        var read = change.Kind == Data.Audit.AuditLog.ApiRead;
        var audit = new AuditEvent
        {
            Type = new Coding(EntryKindSystem, change.Kind),
            Action = read ? Hl7.Fhir.Model.AuditEvent.AuditEventAction.R
                : change.Kind == Data.Audit.AuditLog.Disclosure ? Hl7.Fhir.Model.AuditEvent.AuditEventAction.E
                : Hl7.Fhir.Model.AuditEvent.AuditEventAction.C,
            Recorded = change.RecordedAt,
            Outcome = Hl7.Fhir.Model.AuditEvent.AuditEventOutcome.N0,
            Agent =
            [
                new AuditEvent.AgentComponent
                {
                    Who = Logical("actor", change.Actor),
                    Requestor = read,
                    Role = change.ActorRole is null ? [] : [new CodeableConcept { Text = change.ActorRole }],
                    PurposeOfUse = change.Purpose is null ? [] : [new CodeableConcept { Text = change.Purpose }],
                },
            ],
            Source = new AuditEvent.SourceComponent { Site = "InfoSharing", Observer = new ResourceReference { Display = "InfoSharing audit log" } },
        };
        audit.Entity.Add(new AuditEvent.EntityComponent
        {
            What = Logical("audit-entry", change.EntryId.ToString()),
            Detail =
            [
                new AuditEvent.DetailComponent { Type = "entryNo", Value = new FhirString(change.EntryNo.ToString(CultureInfo.InvariantCulture)) },
                new AuditEvent.DetailComponent { Type = "content", Value = new FhirString(change.Content.GetRawText()) },
            ],
        });

        // Its place in the chain once sealed (an entry recorded a moment ago may not be yet).
        if (change.Seq is { } seq && change.Hash is { } hash)
        {
            audit.Entity[0].Detail.Add(new AuditEvent.DetailComponent { Type = "seq", Value = new FhirString(seq.ToString(CultureInfo.InvariantCulture)) });
            audit.Entity[0].Detail.Add(new AuditEvent.DetailComponent { Type = "hash", Value = new FhirString(hash) });
        }
        audit.Entity.AddRange(change.SubjectIds.Select(id => new AuditEvent.EntityComponent { What = Logical("internal", id.ToString()) }));
        return audit;
    }

    private static Provenance RelationshipProvenance(LinkedPersonHistory person, RelationshipState relationship)
    {
        var provenance = new Provenance
        {
            Target = [Logical("relationship", relationship.RelationshipId.ToString(), $"{relationship.Type} of child {relationship.ChildId}")],
            Occurred = new Period { StartElement = new FhirDateTime(relationship.ValidFrom), EndElement = relationship.ValidTo is { } to ? new FhirDateTime(to) : null },
            Recorded = relationship.RecordedAt,
            Activity = new CodeableConcept(LinkRuleSystem, relationship.Rule),
            Reason = [new CodeableConcept(RelationshipTypeSystem, relationship.Type)],
            Agent = [new Provenance.AgentComponent { Who = Logical("actor", "worker:linkage") }],
        };
        provenance.Extension.Add(new Extension(ConfidenceExtension, new FhirDecimal(relationship.Confidence)));
        provenance.Entity.Add(new Provenance.EntityComponent { Role = Provenance.ProvenanceEntityRole.Source, What = Logical("person", person.PersonId.ToString()) });
        foreach (var evidence in relationship.Evidence)
        {
            provenance.Entity.Add(new Provenance.EntityComponent
            {
                Role = Provenance.ProvenanceEntityRole.Source,
                What = Logical("inbound-message", evidence.InboundMessageId.ToString(), $"{evidence.Agency} message {evidence.MessageId}, code {evidence.Code}"),
            });
            provenance.Entity.Add(new Provenance.EntityComponent { Role = Provenance.ProvenanceEntityRole.Source, What = Logical("person-record", evidence.PersonRecordId.ToString()) });
        }

        return provenance;
    }

    private static Provenance PersonLinkProvenance(PersonLink link)
    {
        var provenance = new Provenance
        {
            Target = [Logical("person", link.PersonId.ToString())],
            Recorded = link.RecordedAt,
            Activity = new CodeableConcept(LinkRuleSystem, link.Rule),
            Agent = [new Provenance.AgentComponent { Who = Logical("actor", "worker:person-index") }],
            Entity =
            [
                new Provenance.EntityComponent { Role = Provenance.ProvenanceEntityRole.Source, What = Logical("person-record", link.PersonRecordId.ToString(), $"{link.Agency} record ({link.Role})") },
                new Provenance.EntityComponent { Role = Provenance.ProvenanceEntityRole.Source, What = Logical("inbound-message", link.InboundMessageId.ToString()) },
            ],
        };
        provenance.Extension.Add(new Extension(ConfidenceExtension, new FhirDecimal(link.Confidence)));
        return provenance;
    }

    private static ResourceReference Logical(string kind, string value, string? display = null) =>
        new() { Identifier = new Identifier($"{System}/Id/{kind}", value), Display = display };

    private static void Add(Bundle bundle, Guid id, Resource resource)
    {
        resource.Id = id.ToString();
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = $"urn:uuid:{id}", Resource = resource });
    }
}
