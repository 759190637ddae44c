using Hl7.Fhir.Model;
using InfoSharing.Contracts;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Ingest.Limits;
using InfoSharing.Domain.Terminology;
using InfoSharing.Fhir.Reading;

namespace InfoSharing.Fhir.Feeds;

/// <summary>
/// Reads the three FHIR feeds (midwifery, health visiting, GP), JSON or XML, single resource or Bundle, into an
/// <see cref="AgencyExtract"/>. Every failure is a <see cref="MessageRejectedException"/> with a code from
/// <see cref="RejectionCodes"/> and a reason that names no person.
/// </summary>
public static class FhirFeedReader
{
    private static readonly HashSet<Bundle.BundleType> AcceptedBundleTypes =
    [
        Bundle.BundleType.Message, Bundle.BundleType.Transaction, Bundle.BundleType.Batch, Bundle.BundleType.Collection, Bundle.BundleType.Document,
    ];

    /// <summary>
    /// Parses FHIR JSON (<c>application/fhir+json</c>, <c>application/json</c>, or no content type) or FHIR XML
    /// (<c>application/fhir+xml</c>). Parameters such as <c>charset</c> are ignored.
    /// </summary>
    public static Resource Read(ReadOnlyMemory<byte> body, string? contentType) => Read(body, contentType, MessageLimits.Default);

    /// <summary>As <see cref="Read(ReadOnlyMemory{byte}, string?)"/>, refusing first what breaks <paramref name="limits"/>.</summary>
    public static Resource Read(ReadOnlyMemory<byte> body, string? contentType, MessageLimits limits) => MediaTypeOf(contentType) switch
    {
        null or "application/fhir+json" or "application/json" => FhirReader.ReadJson(body, limits),
        "application/fhir+xml" => FhirReader.ReadXml(body, limits),
        var other => throw new MessageRejectedException(
            RejectionCodes.UnsupportedContentType,
            $"The content type {Printable(other)} is not accepted on a FHIR feed; send application/fhir+json, application/json or application/fhir+xml."),
    };

    /// <summary>
    /// Maps a resource for the feed with the built-in value sets, reading "infant" (under two) against the message's own
    /// date: the Bundle timestamp, else <c>meta.lastUpdated</c>, else today (UTC).
    /// </summary>
    public static AgencyExtract Extract(Resource resource, FhirFeed feed)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return Extract(resource, feed, MessageDateOf(resource) ?? DateOnly.FromDateTime(DateTime.UtcNow));
    }

    /// <summary>Maps a resource for the feed with the built-in value sets and default limits, reading "infant" (under two) against <paramref name="messageDate"/>.</summary>
    public static AgencyExtract Extract(Resource resource, FhirFeed feed, DateOnly messageDate) =>
        Extract(resource, feed, messageDate, IndicatorTerminology.BuiltIn, MessageLimits.Default);

    /// <summary>
    /// Maps a resource for the feed with the value sets in force, reading "infant" (under two) against
    /// <paramref name="messageDate"/>; refuses a Bundle with more entries, or a message with more people, than
    /// <paramref name="limits"/> allow before mapping, and any person whose name or codes are not safe text.
    /// </summary>
    public static AgencyExtract Extract(Resource resource, FhirFeed feed, DateOnly messageDate, IndicatorTerminology indicators, MessageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(indicators);
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(limits);
        if (!FhirCodes.AcceptedTypes.Contains(resource.TypeName))
        {
            throw new MessageRejectedException(
                RejectionCodes.UnsupportedResourceType,
                $"The {NameOf(feed)} feed does not accept a {resource.TypeName}; send a Bundle or one of: {string.Join(", ", FhirCodes.AcceptedTypes.Where(t => t != "Bundle").Order(StringComparer.Ordinal))}.");
        }

        if (resource is Bundle bundle && (bundle.Type is not { } type || !AcceptedBundleTypes.Contains(type)))
        {
            throw new MessageRejectedException(
                RejectionCodes.UnsupportedResourceType,
                $"The {NameOf(feed)} feed does not accept a Bundle of type {bundle.TypeElement?.JsonValue ?? "(none)"}; send a message, transaction, batch, collection or document Bundle.");
        }

        if (resource is Bundle { Entry.Count: var entries } && entries > limits.MaxEntries)
        {
            throw new MessageRejectedException(
                RejectionCodes.TooManyEntries,
                $"The Bundle has {entries} entries; the limit is {limits.MaxEntries} (Messaging:MaxEntries). Split it into several messages.");
        }

        var message = FeedMessage.From(resource);
        ExtractLimits.RequirePersonCount(PeopleIn(message), limits);
        return ExtractLimits.Check(new FeedMapper(message, feed, messageDate, indicators, MessageTimeOf(resource)).Map(), limits);
    }

    // Everyone the mapper will read a person from, counted before it reads any (its work grows with their number).
    private static int PeopleIn(FeedMessage message) => message.Entries.Sum(e => e.Resource switch
    {
        Patient patient => 1 + patient.Contact.Count,
        RelatedPerson => 1,
        _ => 0,
    });

    /// <summary>The feed's name as in its routing key.</summary>
    public static string NameOf(FhirFeed feed) => feed switch
    {
        FhirFeed.Midwifery => "midwifery",
        FhirFeed.HealthVisiting => "health-visiting",
        FhirFeed.Gp => "gp",
        _ => throw new ArgumentOutOfRangeException(nameof(feed), feed, null),
    };

    /// <summary>The date the message itself carries: Bundle.timestamp, else meta.lastUpdated; null when it carries none.</summary>
    public static DateOnly? MessageDateOf(Resource resource)
    {
        var when = (resource as Bundle)?.Timestamp ?? resource.Meta?.LastUpdated;
        return when is { } value ? DateOnly.FromDateTime(value.UtcDateTime) : null;
    }

    /// <summary>The instant the message carries (Bundle.timestamp, else meta.lastUpdated): when its statements were made, unless a resource says otherwise.</summary>
    public static DateTimeOffset? MessageTimeOf(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return (resource as Bundle)?.Timestamp ?? resource.Meta?.LastUpdated;
    }

    private static string? MediaTypeOf(string? contentType)
    {
        var mediaType = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        return string.IsNullOrEmpty(mediaType) ? null : mediaType;
    }

    // The header is the sender's, not personal data, but keep it printable and short in the reason.
    private static string Printable(string value)
    {
        var kept = new string([.. value.Where(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '+' or '-' or '.').Take(80)]);
        return kept.Length == 0 ? "(unprintable)" : $"'{kept}'";
    }
}
