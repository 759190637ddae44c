namespace InfoSharing.Contracts;

/// <summary>
/// Stable codes carried in <see cref="Headers.ErrorCode"/> when an inbound message is rejected.
/// Agencies may automate on them: add codes, never change the meaning of one.
/// </summary>
public static class RejectionCodes
{
    /// <summary>The body is not well-formed JSON.</summary>
    public const string InvalidJson = "invalid-json";

    /// <summary>The body is JSON but not a valid FHIR R4 resource.</summary>
    public const string InvalidFhir = "invalid-fhir";

    /// <summary>The FHIR resource type is not one this feed accepts.</summary>
    public const string UnsupportedResourceType = "unsupported-resource-type";

    /// <summary>A maternity message that does not identify the mother.</summary>
    public const string MotherMissing = "mother-missing";

    /// <summary>The AMQP <c>message_id</c> property is missing.</summary>
    public const string MissingMessageId = "missing-message-id";

    /// <summary>The body is larger than the configured limit.</summary>
    public const string MessageTooLarge = "message-too-large";

    /// <summary>The routing key names no configured agency feed.</summary>
    public const string UnknownRoutingKey = "unknown-routing-key";

    /// <summary>The AMQP <c>user_id</c> property is missing where configuration requires it (production).</summary>
    public const string MissingUserId = "missing-user-id";

    /// <summary>The broker user that sent the message (AMQP <c>user_id</c>) is not the agency in the routing key.</summary>
    public const string UserIdMismatch = "user-id-mismatch";

    /// <summary>The <c>content_type</c> property is not one the feed accepts.</summary>
    public const string UnsupportedContentType = "unsupported-content-type";

    /// <summary>
    /// Not sent as a rejection (docs/decisions/0014): the error code of a message set aside as failed through no fault of its
    /// own (a fault in InfoSharing), shown by the status endpoint; it is processed again once the fault is fixed.
    /// </summary>
    public const string ProcessingFailed = "processing-failed";

    /// <summary>The body is not well-formed XML (FHIR XML feeds).</summary>
    public const string InvalidXml = "invalid-xml";

    /// <summary>An agency JSON message breaks its JSON Schema (contracts/schemas/); the reason names the path.</summary>
    public const string SchemaViolation = "schema-violation";

    /// <summary>The AMQP <c>type</c> of an agency JSON message names no known message (e.g. housing.household-changed.v1).</summary>
    public const string UnknownMessageType = "unknown-message-type";

    /// <summary>A person in the message has no usable identity: no NHS number, and not enough name and birth date to match on.</summary>
    public const string NoUsableIdentity = "no-usable-identity";

    /// <summary>A Patient that is not a person (for example the HL7 patient-animal extension).</summary>
    public const string NotAPerson = "not-a-person";

    /// <summary>The body is not UTF-8 (FHIR and agency JSON are UTF-8), or a text value holds the NUL character.</summary>
    public const string InvalidEncoding = "invalid-encoding";

    /// <summary>Objects, arrays or elements nest deeper than <c>Messaging:MaxDepth</c>; refused before any parser builds objects.</summary>
    public const string NestingTooDeep = "nesting-too-deep";

    /// <summary>The body holds more JSON values or XML elements and attributes than <c>Messaging:MaxElements</c>.</summary>
    public const string TooManyElements = "too-many-elements";

    /// <summary>A Bundle has more entries, or an array more items, than <c>Messaging:MaxEntries</c>.</summary>
    public const string TooManyEntries = "too-many-entries";

    /// <summary>The message names more people than <c>Messaging:MaxPersons</c>: split it into several messages.</summary>
    public const string TooManyPersons = "too-many-persons";

    /// <summary>A person's name, postcode or identifier is longer than <c>Messaging:MaxTextLength</c> characters.</summary>
    public const string FieldTooLong = "field-too-long";

    /// <summary>
    /// A person's name or postcode holds control, invisible or direction-changing characters, compatibility forms
    /// (fullwidth or mathematical letters), or letters of more than one script in one word (homoglyphs).
    /// </summary>
    public const string SuspiciousCharacters = "suspicious-characters";

    /// <summary>Processing took longer than <c>Messaging:ProcessingDeadline</c>; the message is kept for the operator.</summary>
    public const string ProcessingTimeout = "processing-timeout";
}
