using InfoSharing.AgencyMessages;
using InfoSharing.Data;
using InfoSharing.Data.Ingest;
using InfoSharing.Domain.Ingest.Limits;

namespace InfoSharing.Worker.Features.Ingest.AgencyJson;

/// <summary>
/// housing.household and marac.case: agency JSON messages named by the AMQP type, validated against their JSON
/// Schema in contracts/schemas/ and read into what the message says, then written by the <see cref="ExtractWriter"/>.
/// </summary>
public sealed class AgencyJsonHandler(string routingKey, ExtractWriter writer, MessageLimits limits) : IFeedHandler
{
    public string RoutingKey { get; } = routingKey;

    public IReadOnlySet<string> ContentTypes { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Contracts.ContentTypes.Json };

    public async Task HandleAsync(InfoSharingDbContext db, InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var extract = AgencyMessageReader.Read(RoutingKey, message.MessageType, message.Body, limits);
        await writer.WriteAsync(db, message, extract, cancellationToken);
    }
}
