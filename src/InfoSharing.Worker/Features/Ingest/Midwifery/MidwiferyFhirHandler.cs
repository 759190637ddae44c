using InfoSharing.Data;
using InfoSharing.Data.Ingest;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Relationships;
using InfoSharing.Fhir.Midwifery;
using InfoSharing.Fhir.Reading;

namespace InfoSharing.Worker.Features.Ingest.Midwifery;

/// <summary>midwifery.fhir: a booking names the mother, the pregnancy and her partner or the baby's father.</summary>
public sealed class MidwiferyFhirHandler(ExtractWriter writer) : IFeedHandler
{
    public string RoutingKey => "midwifery.fhir";

    public IReadOnlySet<string> ContentTypes { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        Contracts.ContentTypes.FhirJson,
        Contracts.ContentTypes.Json,
    };

    public async Task HandleAsync(InfoSharingDbContext db, InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var booking = MaternityBookingReader.Read(FhirReader.ReadJson(message.Body), RelationshipTerminology.Default);
        const string motherKey = "mother";
        var people = new List<ExtractedPerson> { new(motherKey, booking.Mother, "mother") };
        var relationships = new List<StatedRelationship>();
        foreach (var (linked, index) in booking.LinkedPeople.Select((l, i) => (l, i)))
        {
            var key = $"linked-{index}";
            people.Add(new ExtractedPerson(key, linked.Person, "linked-person"));
            relationships.Add(new StatedRelationship(key, motherKey, RelationshipTarget.UnbornChildOf, linked.Relationship, linked.Code));
        }

        var extract = new AgencyExtract
        {
            People = people,
            Pregnancies = booking.ExpectedDeliveryDate is { } edd ? [new Pregnancy(motherKey, edd)] : [],
            Relationships = relationships,
        };
        await writer.WriteAsync(db, message, extract, cancellationToken);
    }
}
