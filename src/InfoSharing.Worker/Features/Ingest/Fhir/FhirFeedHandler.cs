using InfoSharing.Data.Ingest;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Ingest.Limits;
using InfoSharing.Domain.Terminology;
using InfoSharing.Fhir.Feeds;

namespace InfoSharing.Worker.Features.Ingest.Fhir;

/// <summary>
/// midwifery.fhir, health-visiting.fhir and gp.fhir: FHIR R4 JSON or XML, a single resource or a Bundle, read into
/// what the message says (<see cref="FhirFeedReader"/>) within the parsing limits, and written by the <see cref="ExtractWriter"/>.
/// </summary>
public sealed class FhirFeedHandler(string agency, FhirFeed feed, MessageLimits limits) : IFeedHandler
{
    public string RoutingKey { get; } = $"{agency}.fhir";

    public IReadOnlySet<string> ContentTypes { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        Contracts.ContentTypes.FhirJson,
        Contracts.ContentTypes.FhirXml,
        Contracts.ContentTypes.Json,
    };

    public AgencyExtract Read(InboundMessage message, IndicatorTerminology indicators)
    {
        ArgumentNullException.ThrowIfNull(message);
        var resource = FhirFeedReader.Read(message.Body, message.ContentType, limits);
        // Ages ("is this an infant?") are read against the message's own date (Bundle.timestamp, else meta.lastUpdated,
        // else when the agency sent it), so a message replayed later means what it meant when it was written.
        var messageDate = FhirFeedReader.MessageDateOf(resource) ?? DateOnly.FromDateTime((message.SentAt ?? message.ReceivedAt).UtcDateTime);
        return FhirFeedReader.Extract(resource, feed, messageDate, indicators, limits);
    }
}
