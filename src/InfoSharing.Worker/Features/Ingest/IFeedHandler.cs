using InfoSharing.Data;
using InfoSharing.Data.Ingest;

namespace InfoSharing.Worker.Features.Ingest;

/// <summary>
/// Maps one agency feed (a routing key such as midwifery.fhir) into persons, relationships and flags.
/// Runs inside the ingest transaction; throws MessageRejectedException for a permanent failure.
/// </summary>
public interface IFeedHandler
{
    string RoutingKey { get; }

    IReadOnlySet<string> ContentTypes { get; }

    Task HandleAsync(InfoSharingDbContext db, InboundMessage message, CancellationToken cancellationToken);
}
