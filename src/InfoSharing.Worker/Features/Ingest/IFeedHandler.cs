using InfoSharing.Data.Ingest;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Terminology;

namespace InfoSharing.Worker.Features.Ingest;

/// <summary>
/// Reads one agency feed (a routing key such as midwifery.fhir) into what the message says, before the ingest
/// transaction; the <see cref="ExtractWriter"/> writes it. Throws MessageRejectedException for a permanent failure.
/// </summary>
public interface IFeedHandler
{
    string RoutingKey { get; }

    IReadOnlySet<string> ContentTypes { get; }

    /// <summary>Reads the message with the indicator value sets in force for its batch.</summary>
    AgencyExtract Read(InboundMessage message, IndicatorTerminology indicators);
}
