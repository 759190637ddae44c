using System.Text.Json;
using InfoSharing.Contracts;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Ingest.Limits;
using InfoSharing.AgencyMessages.Housing;
using InfoSharing.AgencyMessages.Marac;

namespace InfoSharing.AgencyMessages;

/// <summary>
/// Reads an agency JSON message (routing keys <c>housing.household</c> and <c>marac.case</c>): checks the AMQP
/// <c>type</c>, the JSON, the message's schema in <c>contracts/schemas/</c> and that every person can be
/// identified, then maps it to an <see cref="AgencyExtract"/>. Every failure is a
/// <see cref="MessageRejectedException"/> whose reason names paths and rules, never values.
/// </summary>
public static class AgencyMessageReader
{
    private static readonly Dictionary<string, string[]> TypesByRoutingKey = new(StringComparer.Ordinal)
    {
        [HouseholdChangedMapper.RoutingKey] = [HouseholdChangedMapper.MessageType],
        [MaracCaseMapper.RoutingKey] = [.. MaracCaseMapper.MessageTypes],
    };

    /// <summary>The AMQP <c>type</c> values accepted on <paramref name="routingKey"/>; empty for a routing key with no JSON messages.</summary>
    public static IReadOnlyCollection<string> MessageTypes(string routingKey) =>
        TypesByRoutingKey.TryGetValue(routingKey, out var types) ? types : [];

    /// <summary>Validates and maps one message. <paramref name="messageType"/> is the AMQP <c>type</c> property.</summary>
    /// <exception cref="MessageRejectedException">The message cannot be accepted; <see cref="MessageRejectedException.Code"/> is one of <see cref="RejectionCodes"/>.</exception>
    public static AgencyExtract Read(string routingKey, string? messageType, ReadOnlyMemory<byte> body) =>
        Read(routingKey, messageType, body, MessageLimits.Default);

    /// <summary>
    /// As <see cref="Read(string, string?, ReadOnlyMemory{byte})"/>, refusing first a body that breaks the structural
    /// <paramref name="limits"/> (before the schema evaluator, which recurses, sees it), and afterwards a message that
    /// names too many people or a person whose name or codes are not safe text.
    /// </summary>
    public static AgencyExtract Read(string routingKey, string? messageType, ReadOnlyMemory<byte> body, MessageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(routingKey);
        ArgumentNullException.ThrowIfNull(limits);
        if (!TypesByRoutingKey.TryGetValue(routingKey, out var accepted))
        {
            throw new MessageRejectedException(
                RejectionCodes.UnknownRoutingKey,
                $"Routing key {Printable(routingKey)} has no agency JSON messages; known: {string.Join(", ", TypesByRoutingKey.Keys)}.");
        }

        if (string.IsNullOrWhiteSpace(messageType) || !accepted.Contains(messageType, StringComparer.Ordinal))
        {
            var what = string.IsNullOrWhiteSpace(messageType) ? "The AMQP type property is missing" : $"AMQP type {Printable(messageType)} is not a message of {routingKey}";
            throw new MessageRejectedException(
                RejectionCodes.UnknownMessageType,
                $"{what}; accepted: {string.Join(", ", accepted)}.");
        }

        using var document = Parse(body, limits);
        ContractNumbers.Require(document.RootElement);
        SchemaCatalog.Validate(messageType, document.RootElement);
        var extract = messageType == HouseholdChangedMapper.MessageType
            ? HouseholdChangedMapper.Map(document.RootElement)
            : MaracCaseMapper.Map(messageType, document.RootElement);
        return ExtractLimits.Check(extract, limits);
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> body, MessageLimits limits)
    {
        // Agencies on Windows stacks often send a UTF-8 byte order mark; it is not an error.
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        if (body.Span.StartsWith(bom))
        {
            body = body[bom.Length..];
        }

        try
        {
            JsonBodyLimits.Check(body.Span, limits);
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = limits.MaxDepth + 1 });
        }
        catch (JsonException ex)
        {
            // The exception's message can quote the bad token, which may be personal data: give the position only.
            var line = (ex.LineNumber ?? 0) + 1;
            var position = ex.BytePositionInLine ?? 0;
            throw new MessageRejectedException(
                RejectionCodes.InvalidJson,
                $"The body is not well-formed JSON: error at line {line}, byte {position} of that line.");
        }
    }

    /// <summary>Echoes an envelope value only when it looks like a message or key name; anything else could be data.</summary>
    private static string Printable(string value) =>
        value.Length <= 100 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')
            ? $"'{value}'"
            : "(value not shown)";
}
