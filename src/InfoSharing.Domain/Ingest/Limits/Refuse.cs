namespace InfoSharing.Domain.Ingest.Limits;

/// <summary>Builds the rejections of <see cref="MessageLimits"/>: each names the limit and its setting, never a value.</summary>
internal static class Refuse
{
    public static MessageRejectedException Depth(int limit) => new(
        Contracts.RejectionCodes.NestingTooDeep,
        $"The body nests deeper than {limit} levels (Messaging:MaxDepth); no FHIR or agency message needs that many.");

    public static MessageRejectedException Elements(int limit, string what) => new(
        Contracts.RejectionCodes.TooManyElements,
        $"The body holds more than {limit} {what} (Messaging:MaxElements); split it into several messages.");

    public static MessageRejectedException Entries(int limit, string where) => new(
        Contracts.RejectionCodes.TooManyEntries,
        $"{where} holds more than {limit} items (Messaging:MaxEntries); split it into several messages.");
}
