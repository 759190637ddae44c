using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using InfoSharing.Contracts;
using InfoSharing.Domain.Flags;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Relationships;

namespace InfoSharing.Fhir.FlagMessages;

/// <summary>
/// Writes a flag message for one subscriber as a FHIR R4 Bundle of type message: MessageHeader, Flag, the infant or
/// unborn child, the linked male as RelatedPerson, and a Provenance naming the sources and the link confidence,
/// leaving out every field the subscriber's <see cref="SubscriberEntitlement"/> does not list.
/// A domestic-abuse-derived flag carries security labels on Bundle.meta and Flag.meta (confidentiality restricted,
/// domestic violence sensitivity, no disclosure to patient, family or caregivers); written for a subscriber that may reach
/// the alleged perpetrator, it also leaves out the victim's details (the mother's NHS number) and the sources.
/// An entered-in-error withdrawal names no man: the link it rested on was wrong, so his details are not sent again.
/// </summary>
public static class FlagMessageWriter
{
    private const string FlagCategorySystem = "http://terminology.hl7.org/CodeSystem/flag-category";
    private const string ProvenanceAgentTypeSystem = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
    private const string RecommendedActionExtension = FhirUrls.Base + "/StructureDefinition/recommended-action";
    private const string SourceMessageSystem = FhirUrls.Base + "/Id/source-message";

    /// <summary>InfoSharing's own child id: the identifier of a child whose national identifiers are missing or withheld.</summary>
    public const string ChildIdSystem = FhirUrls.Base + "/Id/child";

    private static readonly FhirJsonSerializer Serializer = new();

    public static byte[] WriteJson(FlagMessageContent content, SubscriberEntitlement entitlement) =>
        Serializer.SerializeToBytes(Build(content, entitlement));

    public static Bundle Build(FlagMessageContent content, SubscriberEntitlement entitlement)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(entitlement);
        if (!string.Equals(entitlement.Subscriber, content.Subscriber, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The entitlement is for '{entitlement.Subscriber}', the message for '{content.Subscriber}'.", nameof(entitlement));
        }

        var status = StatusOf(content);
        var withholdVictim = content.Sensitivity == FlagSensitivity.DomesticAbuse && entitlement.MayReachAllegedPerpetrator;
        var flagUrl = Urn(content.MessageId, "flag");
        var childUrl = Urn(content.MessageId, "child");
        var maleUrl = Urn(content.MessageId, "male");
        var partnership = new ResourceReference
        {
            Identifier = new Identifier(FhirUrls.PartnershipOrganizationId, "infosharing"),
            Display = "Local child safeguarding partnership (InfoSharing)",
        };

        var flag = new Flag
        {
            Id = content.FlagId.ToString(),
            Meta = new Meta { VersionId = content.Version.ToString(CultureInfo.InvariantCulture), LastUpdated = content.OccurredAt },
            Status = status,
            Category = [new CodeableConcept(FlagCategorySystem, "safety", "Safety")],
            Code = new CodeableConcept(
                FhirUrls.FlagCodeSystem,
                content.Code,
                content.Display,
                content.Injuries.Count == 0 ? content.Display : $"{content.Display}: {string.Join("; ", content.Injuries.Select(IndicatorKinds.InjuryName))}"),
            Subject = new ResourceReference(childUrl),
            Period = PeriodOf(content, status),
            Author = partnership,
        };
        flag.Extension.Add(new Extension(RecommendedActionExtension, new FhirString(content.RecommendedAction)));
        foreach (var injury in content.Injuries)
        {
            flag.Extension.Add(new Extension(FhirUrls.InjuryExtension, new Coding(FhirUrls.IndicatorCodeSystem, injury, IndicatorKinds.InjuryName(injury))));
        }

        var header = new MessageHeader
        {
            Id = Urn(content.MessageId, "header")["urn:uuid:".Length..],
            Event = new Coding(FhirUrls.FlagEventCodeSystem, content.Event, EventDisplay(content.Event)),
            Destination = [new MessageHeader.MessageDestinationComponent { Name = content.Subscriber, Endpoint = $"amqp:{Exchanges.Flags}/{content.Subscriber}" }],
            Source = new MessageHeader.MessageSourceComponent { Name = "InfoSharing", Endpoint = "urn:infosharing" },
            Sender = partnership,
            Focus = [new ResourceReference(flagUrl)],
        };

        var bundle = new Bundle
        {
            Id = Urn(content.MessageId, "bundle")["urn:uuid:".Length..],
            Type = Bundle.BundleType.Message,
            Timestamp = content.OccurredAt,
            Identifier = new Identifier(FhirUrls.Base + "/Id/flag-message", content.MessageId),
        };
        if (content.Sensitivity == FlagSensitivity.DomesticAbuse)
        {
            bundle.Meta = new Meta { Security = SecurityLabels.DomesticAbuse() };
            flag.Meta.Security = SecurityLabels.DomesticAbuse();
        }

        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = Urn(content.MessageId, "header"), Resource = header });
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = flagUrl, Resource = flag });
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = childUrl, Resource = Child(content.Child, withholdVictim) });
        // A link found wrong is not repeated: the withdrawal names the flag (its id), not the man it wrongly named.
        if (content.Male is { } male && status != Flag.FlagStatus.EnteredInError)
        {
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = maleUrl, Resource = Male(male, childUrl, entitlement) });
        }

        var provenance = Provenance(content, flagUrl, partnership, entitlement, withholdSources: withholdVictim);
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = Urn(content.MessageId, "provenance"), Resource = provenance });
        return bundle;
    }

    /// <summary>A raise or update is active; a withdrawal is inactive or entered-in-error. Anything else is a caller's bug.</summary>
    private static Flag.FlagStatus StatusOf(FlagMessageContent content)
    {
        var status = content.Status switch
        {
            FlagStatuses.Active => Flag.FlagStatus.Active,
            FlagStatuses.Inactive => Flag.FlagStatus.Inactive,
            FlagStatuses.EnteredInError => Flag.FlagStatus.EnteredInError,
            _ => throw new ArgumentException($"Unknown flag status '{content.Status}'.", nameof(content)),
        };
        var consistent = content.Event switch
        {
            FlagMessageTypes.Raised or FlagMessageTypes.Updated => status == Flag.FlagStatus.Active,
            FlagMessageTypes.Withdrawn => status != Flag.FlagStatus.Active,
            _ => throw new ArgumentException($"Unknown flag event '{content.Event}'.", nameof(content)),
        };
        return consistent
            ? status
            : throw new ArgumentException($"A {content.Event} message cannot carry status {content.Status}.", nameof(content));
    }

    private static Period PeriodOf(FlagMessageContent content, Flag.FlagStatus status)
    {
        var period = new Period { StartElement = new FhirDateTime(content.FlagStart) };
        if (status == Flag.FlagStatus.Active)
        {
            return period;
        }

        var end = content.FlagEnd ?? content.OccurredAt;
        if (end < content.FlagStart)
        {
            throw new ArgumentException("A flag cannot end before it started.", nameof(content));
        }

        period.EndElement = new FhirDateTime(end);
        return period;
    }

    private static string EventDisplay(string flagEvent) => flagEvent switch
    {
        FlagMessageTypes.Raised => "Flag raised",
        FlagMessageTypes.Updated => "Flag updated",
        _ => "Flag withdrawn",
    };

    /// <summary>
    /// The infant by NHS number; the unborn child by the mother's NHS number and expected delivery date. When neither
    /// NHS number may be sent (or none is known), InfoSharing's child id identifies the child: a receiver asks
    /// InfoSharing, under its own access rules, rather than learn the mother's identity from this message.
    /// </summary>
    private static Patient Child(ChildSubject child, bool withholdVictim)
    {
        var patient = new Patient { Id = child.ChildId.ToString() };
        if (child.InfantNhsNumber is { } nhs)
        {
            patient.Identifier.Add(new Identifier(FhirUrls.NhsNumberSystem, nhs));
            return patient;
        }

        var unborn = new Extension { Url = FhirUrls.UnbornChildExtension };
        var motherNhs = withholdVictim ? null : child.MotherNhsNumber;
        if (motherNhs is not null)
        {
            unborn.Extension.Add(new Extension("motherNhsNumber", new Identifier(FhirUrls.NhsNumberSystem, motherNhs)));
        }
        else
        {
            patient.Identifier.Add(new Identifier(ChildIdSystem, child.ChildId.ToString()));
        }

        if (child.ExpectedDeliveryDate is { } edd)
        {
            unborn.Extension.Add(new Extension("expectedDeliveryDate", new Date(edd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))));
        }

        if (unborn.Extension.Count > 0)
        {
            patient.Extension.Add(unborn);
        }

        return patient;
    }

    private static RelatedPerson Male(LinkedMale male, string childUrl, SubscriberEntitlement entitlement)
    {
        var person = new RelatedPerson
        {
            Id = male.PersonId.ToString(),
            Patient = new ResourceReference(childUrl),
            Gender = AdministrativeGender.Male,
            Relationship = [new CodeableConcept(FhirUrls.RelationshipTypeCodeSystem, male.Relationship.ToCode(), male.Relationship.ToDisplay(), male.Relationship.ToDisplay())],
        };
        if (male.NhsNumber is { } nhs && entitlement.MaySee(EntitlementFields.ManNhsNumber))
        {
            person.Identifier.Add(new Identifier(FhirUrls.NhsNumberSystem, nhs));
        }

        if ((male.GivenName is not null || male.FamilyName is not null) && entitlement.MaySee(EntitlementFields.ManName))
        {
            var name = new HumanName { Family = male.FamilyName };
            if (male.GivenName is { } given)
            {
                name.Given = [given];
            }

            person.Name.Add(name);
        }

        if (male.BirthDate is { } birthDate && entitlement.MaySee(EntitlementFields.ManBirthDate))
        {
            person.BirthDate = birthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return person;
    }

    private static Provenance Provenance(
        FlagMessageContent content, string flagUrl, ResourceReference partnership, SubscriberEntitlement entitlement, bool withholdSources)
    {
        var provenance = new Provenance
        {
            Target = [new ResourceReference(flagUrl)],
            Recorded = content.OccurredAt,
            Agent =
            [
                new Provenance.AgentComponent
                {
                    Type = new CodeableConcept(ProvenanceAgentTypeSystem, "assembler", "Assembler"),
                    Who = partnership,
                },
            ],
        };
        var sources = entitlement.MaySee(EntitlementFields.Sources) && !withholdSources ? content.Sources : [];
        foreach (var source in sources)
        {
            provenance.Entity.Add(new Provenance.EntityComponent
            {
                Role = Hl7.Fhir.Model.Provenance.ProvenanceEntityRole.Source,
                What = new ResourceReference
                {
                    Identifier = new Identifier($"{SourceMessageSystem}/{source.Agency}", source.MessageId),
                    Display = $"{source.Agency} message received {source.ReceivedAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}",
                },
            });
        }

        if (content.LinkConfidence is { } confidence && entitlement.MaySee(EntitlementFields.LinkConfidence))
        {
            provenance.Extension.Add(new Extension(FhirUrls.LinkConfidenceExtension, new FhirDecimal(confidence)));
        }

        return provenance;
    }

    /// <summary>Entry URLs derive from the message id so the same flag version always gives the same bundle.</summary>
    private static string Urn(string messageId, string part)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{messageId}/{part}"));
        return "urn:uuid:" + new Guid(hash.AsSpan(0, 16));
    }
}
