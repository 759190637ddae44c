using System.Reflection;
using InfoSharing.AgencyMessages;
using InfoSharing.Contracts;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Ingest.Limits;
using InfoSharing.Domain.Terminology;
using InfoSharing.Fhir.Feeds;

namespace InfoSharing.Fuzz;

/// <summary>
/// The fuzz target: the first byte of an input picks a reader, the rest is the body, and the body takes the path the
/// worker's handlers take (IngestProcessor.Prepare: the size check, then FhirFeedHandler or AgencyJsonHandler, which
/// run the limits guard and then the reader). A <see cref="MessageRejectedException"/> with a documented code is the
/// reader's answer for a bad message; anything else escapes, and is a crash (the worker would set the message aside as
/// failed: a bug of ours).
/// </summary>
public static class ReaderTarget
{
    /// <summary>The outcome of a body that every check accepted.</summary>
    public const string Accepted = "accepted";

    /// <summary>Messaging:MaxMessageBytes' default: the worker refuses a larger body before any reader sees it.</summary>
    public const int MaxMessageBytes = 1024 * 1024;

    /// <summary>When a FHIR message carries no date of its own the worker reads it against its send time; here a fixed day.</summary>
    private static readonly DateOnly SentOn = new(2026, 12, 1);

    private static readonly string[] MaracTypes = ["marac.case-listed.v1", "marac.case-reviewed.v1", "marac.case-closed.v1"];

    // Codes a reader may answer with. processing-failed is the code of a message set aside for a fault of ours (and the
    // default of MessageRejectedException's parameterless constructors), so a rejection carrying it is a bug too.
    private static readonly HashSet<string> DocumentedCodes = typeof(RejectionCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .Where(code => code != RejectionCodes.ProcessingFailed)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>The readers, in the order the selector byte picks them (<c>selector % 8</c>).</summary>
    public static IReadOnlyList<string> Readers { get; } =
        ["midwifery-json", "midwifery-xml", "health-visiting-json", "health-visiting-xml", "gp-json", "gp-xml", "housing", "marac"];

    /// <summary>The selector byte for a reader; for MARAC, <paramref name="variant"/> picks the AMQP type (listed, reviewed, closed).</summary>
    public static byte Selector(string reader, int variant = 0)
    {
        var index = Readers.ToList().IndexOf(reader);
        if (index < 0)
        {
            throw new ArgumentException($"No reader named '{reader}'; known: {string.Join(", ", Readers)}.", nameof(reader));
        }

        return (byte)(index + (8 * variant));
    }

    /// <summary>Which reader an input goes to (for counting), from its first byte.</summary>
    public static string ReaderOf(ReadOnlySpan<byte> input) => input.IsEmpty ? "(empty)" : Readers[input[0] % 8];

    /// <summary>
    /// Runs one input: returns <see cref="Accepted"/> or the rejection code. Throws whatever the readers throw that is
    /// not a documented rejection (an <see cref="UndocumentedRejectionException"/> for a rejection without a proper code).
    /// </summary>
    public static string Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return "empty-input";
        }

        var selector = input[0];
        var body = input[1..].ToArray();
        if (body.Length > MaxMessageBytes)
        {
            return RejectionCodes.MessageTooLarge;
        }

        try
        {
            Read(selector, body);
            return Accepted;
        }
        catch (MessageRejectedException ex) when (DocumentedCodes.Contains(ex.Code))
        {
            return ex.Code;
        }
        catch (MessageRejectedException ex)
        {
            throw new UndocumentedRejectionException(ex);
        }
    }

    private static void Read(byte selector, byte[] body)
    {
        var variant = selector / 8;
        var limits = MessageLimits.Default;
        switch (selector % 8)
        {
            case 0: ReadFhir(body, FhirFeed.Midwifery, JsonContentType(variant), limits); break;
            case 1: ReadFhir(body, FhirFeed.Midwifery, ContentTypes.FhirXml, limits); break;
            case 2: ReadFhir(body, FhirFeed.HealthVisiting, JsonContentType(variant), limits); break;
            case 3: ReadFhir(body, FhirFeed.HealthVisiting, ContentTypes.FhirXml, limits); break;
            case 4: ReadFhir(body, FhirFeed.Gp, JsonContentType(variant), limits); break;
            case 5: ReadFhir(body, FhirFeed.Gp, ContentTypes.FhirXml, limits); break;
            case 6: AgencyMessageReader.Read("housing.household", "housing.household-changed.v1", body, limits); break;
            default: AgencyMessageReader.Read("marac.case", MaracTypes[variant % MaracTypes.Length], body, limits); break;
        }
    }

    // The JSON content types a FHIR feed takes (a missing content_type is read as JSON); the reader is the same for each.
    private static string? JsonContentType(int variant) => (variant % 3) switch
    {
        0 => ContentTypes.FhirJson,
        1 => ContentTypes.Json,
        _ => null,
    };

    // FhirFeedHandler.Read: the reader (limits guard, then Firely), the message's own date, then the mapper and ExtractLimits.
    private static void ReadFhir(byte[] body, FhirFeed feed, string? contentType, MessageLimits limits)
    {
        var resource = FhirFeedReader.Read(body, contentType, limits);
        var messageDate = FhirFeedReader.MessageDateOf(resource) ?? SentOn;
        FhirFeedReader.Extract(resource, feed, messageDate, IndicatorTerminology.BuiltIn, limits);
    }
}

/// <summary>A reader refused a message without one of the documented rejection codes: a bug, reported as a crash.</summary>
public sealed class UndocumentedRejectionException : Exception
{
    public UndocumentedRejectionException(MessageRejectedException inner)
        : base($"A rejection with the undocumented code '{inner?.Code}'.", inner)
    {
    }

    public UndocumentedRejectionException()
    {
    }

    public UndocumentedRejectionException(string message)
        : base(message)
    {
    }

    public UndocumentedRejectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
