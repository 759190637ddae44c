using InfoSharing.AgencyMessages;
using InfoSharing.Data.Ingest;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Ingest.Limits;
using InfoSharing.Domain.Terminology;

namespace InfoSharing.Worker.Features.Ingest.AgencyJson;

/// <summary>
/// housing.household and marac.case: agency JSON messages named by the AMQP type, validated against their JSON
/// Schema in contracts/schemas/ and read into what the message says, then written by the <see cref="ExtractWriter"/>.
/// </summary>
public sealed class AgencyJsonHandler(string routingKey, MessageLimits limits) : IFeedHandler
{
    public string RoutingKey { get; } = routingKey;

    public IReadOnlySet<string> ContentTypes { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Contracts.ContentTypes.Json };

    public AgencyExtract Read(InboundMessage message, IndicatorTerminology indicators)
    {
        ArgumentNullException.ThrowIfNull(message);
        return AgencyMessageReader.Read(RoutingKey, message.MessageType, message.Body, limits);
    }
}
