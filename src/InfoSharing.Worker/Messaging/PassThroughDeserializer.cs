using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net.Mime;
using System.Text;
using InfoSharing.Worker.Features.Ingest;
using MassTransit;
using MassTransit.RabbitMqTransport;
using MassTransit.Context;
using MassTransit.Serialization;

namespace InfoSharing.Worker.Messaging;

/// <summary>
/// The only deserializer of the agency-feed endpoints, whatever the content type (or none): it does not read the body.
/// It hands our code the AMQP delivery as the agency sent it (body bytes, message_id, content_type, type, user_id,
/// timestamp, headers, routing key, redelivered), so that a malformed body, an unknown content type or a string message
/// id reaches InfoSharing's own validation and rejection path (contracts/asyncapi.yaml) rather than MassTransit's
/// error queue. See docs/decisions/0014.
/// </summary>
public sealed class PassThroughSerializerFactory : ISerializerFactory
{
    /// <summary>A media type no agency sends: every delivery falls through to the default deserializer, this one.</summary>
    public static readonly ContentType PassThroughContentType = new("application/vnd.infosharing.amqp-delivery");

    private readonly PassThroughDeserializer _deserializer = new();

    public ContentType ContentType => PassThroughContentType;

    /// <summary>Deserialization only: the endpoints never send (their required serializer is System.Text.Json's).</summary>
    public IMessageSerializer CreateSerializer() => throw new NotSupportedException("The pass-through format is for receiving agency deliveries only.");

    public IMessageDeserializer CreateDeserializer() => _deserializer;
}

internal sealed class PassThroughDeserializer : IMessageDeserializer
{
    private static readonly SystemTextJsonRawMessageSerializer Envelope = new(RawSerializerOptions.AnyMessageType);

    public ContentType ContentType => PassThroughSerializerFactory.PassThroughContentType;

    public void Probe(ProbeContext context) => context.CreateScope("infosharing-pass-through").Add("contentType", ContentType.MediaType);

    public ConsumeContext Deserialize(ReceiveContext receiveContext)
    {
        ArgumentNullException.ThrowIfNull(receiveContext);

        // MassTransit's message context (addresses, headers) without reading the body: an empty raw JSON envelope.
        var serializerContext = Envelope.Deserialize(new StringMessageBody("{}"), receiveContext.TransportHeaders, receiveContext.InputAddress);
        return new DeliveryConsumeContext(receiveContext, serializerContext, ToDelivery(receiveContext));
    }

    public SerializerContext Deserialize(MessageBody body, Headers headers, Uri? destinationAddress = null) =>
        Envelope.Deserialize(new StringMessageBody("{}"), headers, destinationAddress);

    public MessageBody GetMessageBody(string text) => new StringMessageBody(text);

    /// <summary>Copies the AMQP delivery out of the transport's buffers, unchanged.</summary>
    internal static InboundDelivery ToDelivery(ReceiveContext receiveContext)
    {
        if (!receiveContext.TryGetPayload<RabbitMqBasicConsumeContext>(out var amqp))
        {
            throw new InvalidOperationException("The agency-feed endpoints receive only from RabbitMQ.");
        }

        var properties = amqp.Properties;
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (properties.Headers is not null)
        {
            foreach (var (key, value) in properties.Headers)
            {
                headers[key] = value switch
                {
                    byte[] bytes => Encoding.UTF8.GetString(bytes),
                    null => string.Empty,
                    _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
                };
            }
        }

        return new InboundDelivery(
            amqp.RoutingKey ?? string.Empty,
            receiveContext.Body.GetBytes(),
            properties.IsMessageIdPresent() ? properties.MessageId : null,
            properties.IsContentTypePresent() ? properties.ContentType : null,
            properties.IsTypePresent() ? properties.Type : null,
            properties.IsUserIdPresent() ? properties.UserId : null,
            properties.IsTimestampPresent() ? DateTimeOffset.FromUnixTimeSeconds(properties.Timestamp.UnixTime) : null,
            headers,
            receiveContext.Redelivered);
    }
}

/// <summary>A consume context whose one message is the <see cref="InboundDelivery"/>.</summary>
internal sealed class DeliveryConsumeContext(ReceiveContext receiveContext, SerializerContext serializerContext, InboundDelivery delivery)
    : BodyConsumeContext(receiveContext, serializerContext)
{
    private ConsumeContext<InboundDelivery>? _message;

    /// <summary>Agencies' message ids are strings, not MassTransit's GUIDs; ours is read from the delivery.</summary>
    public override Guid? MessageId => null;

    public override IEnumerable<string> SupportedMessageTypes => [MessageUrn.ForTypeString<InboundDelivery>()];

    public override bool HasMessageType(Type messageType) => messageType == typeof(InboundDelivery);

    public override bool TryGetMessage<T>([NotNullWhen(true)] out ConsumeContext<T>? message)
        where T : class
    {
        if (typeof(T) == typeof(InboundDelivery))
        {
            _message ??= new MessageConsumeContext<InboundDelivery>(this, delivery);
            message = (ConsumeContext<T>)(object)_message;
            return true;
        }

        message = null;
        return false;
    }
}
