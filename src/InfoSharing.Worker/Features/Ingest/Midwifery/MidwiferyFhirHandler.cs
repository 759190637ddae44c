using InfoSharing.Data;
using InfoSharing.Data.Ingest;
using InfoSharing.Domain.Relationships;
using InfoSharing.Fhir.Midwifery;
using InfoSharing.Fhir.Reading;
using InfoSharing.Worker.Features.Flags;
using InfoSharing.Worker.Features.Linkage;
using InfoSharing.Worker.Features.People;

namespace InfoSharing.Worker.Features.Ingest.Midwifery;

/// <summary>
/// midwifery.fhir: a booking names the mother, the pregnancy and her partner or the baby's father. Each person is
/// resolved in the index; each man is linked to the unborn child and flagged to the entitled subscribers.
/// </summary>
public sealed partial class MidwiferyFhirHandler(
    PersonIndex personIndex,
    ChildLinker linker,
    FlagRaiser flags,
    ILogger<MidwiferyFhirHandler> logger) : IFeedHandler
{
    public const string LinkRule = "midwifery-booking-related-person";

    public string RoutingKey => "midwifery.fhir";

    public IReadOnlySet<string> ContentTypes { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        Contracts.ContentTypes.FhirJson,
        Contracts.ContentTypes.Json,
    };

    public async Task HandleAsync(InfoSharingDbContext db, InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(message);
        var resource = FhirReader.ReadJson(message.Body);
        var booking = MaternityBookingReader.Read(resource, RelationshipTerminology.Default);

        var mother = await personIndex.ResolveAsync(db, message, booking.Mother, "mother", cancellationToken);
        var men = new List<(ResolvedPerson Person, LinkedPerson Linked)>();
        foreach (var linked in booking.LinkedPeople)
        {
            men.Add((await personIndex.ResolveAsync(db, message, linked.Person, "linked-person", cancellationToken), linked));
        }

        if (booking.ExpectedDeliveryDate is not { } edd)
        {
            LogNoPregnancy(message.Agency, message.MessageId, mother.Person.Id);
            return;
        }

        var child = await linker.FindOrCreateUnbornChildAsync(db, mother.Person.Id, edd, cancellationToken);
        foreach (var (male, linked) in men)
        {
            var (relationship, _) = await linker.LinkAsync(db, message, child, mother, male, linked.Relationship, linked.Code, LinkRule, cancellationToken);
            await flags.RaiseSignificantMaleLinkedAsync(db, message, child, mother, male, relationship, cancellationToken);
        }

        LogLinked(message.Agency, message.MessageId, child.Id, men.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} from {Agency} has no expected delivery date; person {MotherPersonId} stored, nothing linked")]
    private partial void LogNoPregnancy(string agency, string? messageId, Guid motherPersonId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} from {Agency}: {LinkedCount} people linked to child {ChildId}")]
    private partial void LogLinked(string agency, string? messageId, Guid childId, int linkedCount);
}
