using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using InfoSharing.Contracts;
using InfoSharing.Domain.Relationships;

namespace InfoSharing.Fhir.FlagMessages;

/// <summary>
/// Writes a flag message as a FHIR R4 Bundle of type message: MessageHeader, Flag, the infant or unborn child,
/// the linked male as RelatedPerson, and a Provenance naming the sources and the link confidence.
/// </summary>
public static class FlagMessageWriter
{
    private const string FlagCategorySystem = "http://terminology.hl7.org/CodeSystem/flag-category";
    private const string ProvenanceAgentTypeSystem = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
    private const string RecommendedActionExtension = FhirUrls.Base + "/StructureDefinition/recommended-action";
    private const string SourceMessageSystem = FhirUrls.Base + "/Id/source-message";

    private static readonly FhirJsonSerializer Serializer = new();

    public static byte[] WriteJson(FlagMessageContent content) => Serializer.SerializeToBytes(Build(content));

    public static Bundle Build(FlagMessageContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
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
            Status = content.Status switch
            {
                "active" => Flag.FlagStatus.Active,
                "inactive" => Flag.FlagStatus.Inactive,
                "entered-in-error" => Flag.FlagStatus.EnteredInError,
                _ => throw new ArgumentException($"Unknown flag status '{content.Status}'.", nameof(content)),
            },
            Category = [new CodeableConcept(FlagCategorySystem, "safety", "Safety")],
            Code = new CodeableConcept(FhirUrls.FlagCodeSystem, content.Code, content.Display, content.Display),
            Subject = new ResourceReference(childUrl),
            Period = new Period { StartElement = new FhirDateTime(content.FlagStart) },
            Author = partnership,
        };
        flag.Extension.Add(new Extension(RecommendedActionExtension, new FhirString(content.RecommendedAction)));

        var header = new MessageHeader
        {
            Id = Urn(content.MessageId, "header")["urn:uuid:".Length..],
            Event = new Coding(FhirUrls.FlagEventCodeSystem, content.Event),
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
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = Urn(content.MessageId, "header"), Resource = header });
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = flagUrl, Resource = flag });
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = childUrl, Resource = Child(content.Child) });
        if (content.Male is { } male)
        {
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = maleUrl, Resource = Male(male, childUrl) });
        }

        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = Urn(content.MessageId, "provenance"), Resource = Provenance(content, flagUrl, partnership) });
        return bundle;
    }

    private static Patient Child(ChildSubject child)
    {
        var patient = new Patient { Id = child.ChildId.ToString() };
        if (child.InfantNhsNumber is { } nhs)
        {
            patient.Identifier.Add(new Identifier(FhirUrls.NhsNumberSystem, nhs));
            return patient;
        }

        var unborn = new Extension { Url = FhirUrls.UnbornChildExtension };
        if (child.MotherNhsNumber is { } motherNhs)
        {
            unborn.Extension.Add(new Extension("motherNhsNumber", new Identifier(FhirUrls.NhsNumberSystem, motherNhs)));
        }

        if (child.ExpectedDeliveryDate is { } edd)
        {
            unborn.Extension.Add(new Extension("expectedDeliveryDate", new Date(edd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))));
        }

        patient.Extension.Add(unborn);
        return patient;
    }

    private static RelatedPerson Male(LinkedMale male, string childUrl)
    {
        var person = new RelatedPerson
        {
            Id = male.PersonId.ToString(),
            Patient = new ResourceReference(childUrl),
            Gender = AdministrativeGender.Male,
            Relationship = [new CodeableConcept(FhirUrls.RelationshipTypeCodeSystem, male.Relationship.ToCode(), male.Relationship.ToDisplay(), male.Relationship.ToDisplay())],
        };
        if (male.NhsNumber is { } nhs)
        {
            person.Identifier.Add(new Identifier(FhirUrls.NhsNumberSystem, nhs));
        }

        if (male.GivenName is not null || male.FamilyName is not null)
        {
            var name = new HumanName { Family = male.FamilyName };
            if (male.GivenName is { } given)
            {
                name.Given = [given];
            }

            person.Name.Add(name);
        }

        if (male.BirthDate is { } birthDate)
        {
            person.BirthDate = birthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return person;
    }

    private static Provenance Provenance(FlagMessageContent content, string flagUrl, ResourceReference partnership)
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
        foreach (var source in content.Sources)
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

        provenance.Extension.Add(new Extension(FhirUrls.LinkConfidenceExtension, new FhirDecimal(content.LinkConfidence)));
        return provenance;
    }

    /// <summary>Entry URLs derive from the message id so the same flag version always gives the same bundle.</summary>
    private static string Urn(string messageId, string part)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{messageId}/{part}"));
        return "urn:uuid:" + new Guid(hash.AsSpan(0, 16));
    }
}
