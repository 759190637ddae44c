namespace InfoSharing.Domain.Ingest.Limits;

/// <summary>
/// How much one inbound message may hold. The structural limits (depth, elements, entries) are checked on the raw
/// bytes before any parser builds objects from them, so that no message can exhaust the stack, the heap or the
/// worker's time; the person limits are checked on what the message says. Decision 0010.
/// </summary>
public sealed record MessageLimits
{
    /// <summary>The defaults of <c>Messaging:</c> settings (README, configuration).</summary>
    public static MessageLimits Default { get; } = new();

    /// <summary>Deepest nesting of JSON objects and arrays, or of XML elements (the root is depth 1).</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Most JSON values, or XML elements and attributes, in one body.</summary>
    public int MaxElements { get; init; } = 100_000;

    /// <summary>Most entries in a Bundle, or items in any one array (or run of repeated XML elements).</summary>
    public int MaxEntries { get; init; } = 1_000;

    /// <summary>Most people (Patients, RelatedPersons, contacts, household members...) one message may name.</summary>
    public int MaxPersons { get; init; } = 100;

    /// <summary>Longest name, postcode or local identifier of a person, in characters.</summary>
    public int MaxTextLength { get; init; } = 200;
}
