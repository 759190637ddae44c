using System.Text.RegularExpressions;
using InfoSharing.Contracts;

namespace InfoSharing.Api.Auditing;

/// <summary>A purpose a caller stated: a code from <see cref="PurposesOfUse"/> and, beside it, free text naming the case or review.</summary>
/// <param name="Code">The coded purpose.</param>
/// <param name="Detail">Which enquiry, review or request (no names or NHS numbers), or null.</param>
public sealed record StatedPurpose(string Code, string? Detail)
{
    /// <summary>As recorded in the audit entry of the read: <c>code</c> or <c>code: detail</c>.</summary>
    public override string ToString() => Detail is null ? Code : $"{Code}: {Detail}";
}

/// <summary>
/// The reason a caller gives for reading about people: a code from the coded list (<see cref="PurposesOfUse"/>) in the
/// <c>X-Purpose-Of-Use</c> header, and free text in <c>X-Purpose-Of-Use-Detail</c> (required for the codes that name a
/// case or review). Both are recorded with the read in the audit log. Headers rather than query parameters, so that
/// they stay out of URLs, browser history and proxy logs. Neither may name anyone: they are kept as long as the log.
/// </summary>
public static partial class PurposeOfUse
{
    public const string Header = "X-Purpose-Of-Use";
    public const string DetailHeader = "X-Purpose-Of-Use-Detail";
    public const int DetailMinLength = 3;
    public const int DetailMaxLength = 200;

    /// <summary>Null when the stated purpose may be recorded; otherwise what is wrong with it.</summary>
    public static string? Problem(string? code, string? detail)
    {
        var codes = string.Join(", ", PurposesOfUse.All.Select(p => p.Code));
        if (string.IsNullOrWhiteSpace(code))
        {
            return $"State why you are reading this: the {Header} header takes one of {codes}.";
        }

        if (PurposesOfUse.Find(code) is not { } coded)
        {
            return $"The {Header} header must be one of {codes} (free text goes in {DetailHeader}).";
        }

        if (detail is null)
        {
            return coded.DetailRequired
                ? $"Purpose '{coded.Code}' needs the {DetailHeader} header naming the enquiry, review or request (for example \"PR-2027-01\")."
                : null;
        }

        if (detail.Length is < DetailMinLength or > DetailMaxLength)
        {
            return $"The {DetailHeader} header must be {DetailMinLength} to {DetailMaxLength} characters.";
        }

        if (detail.Any(char.IsControl))
        {
            return $"The {DetailHeader} header must be plain text on one line.";
        }

        // The purpose is kept in the audit log, which never holds NHS numbers: state the purpose, not the person.
        return TenDigits().IsMatch(detail)
            ? $"The {DetailHeader} header looks as if it holds an NHS number: state the purpose, not the person."
            : null;
    }

    /// <summary>The purpose the request states, unchecked (see <see cref="Problem(StatedPurpose?)"/>), or null when it states none.</summary>
    public static StatedPurpose? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var code = request.Headers[Header].ToString().Trim();
        var detail = request.Headers[DetailHeader].ToString().Trim();
        return code.Length == 0 && detail.Length == 0 ? null : new StatedPurpose(code, detail.Length == 0 ? null : detail);
    }

    /// <summary>Null when the request states a usable purpose; otherwise what is wrong with it.</summary>
    public static string? Problem(StatedPurpose? purpose) => Problem(purpose?.Code, purpose?.Detail);

    /// <summary>Ten digits in a row, allowing a space or hyphen between them: what an NHS number looks like in free text.</summary>
    public static bool LooksLikeNhsNumber(string text) => TenDigits().IsMatch(text);

    [GeneratedRegex(@"\d(?:[\s-]?\d){9}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex TenDigits();
}

/// <summary>Endpoint metadata: this endpoint returns information about people, so every caller must state a purpose.</summary>
public sealed class PurposeOfUseRequired
{
    public static readonly PurposeOfUseRequired Instance = new();

    private PurposeOfUseRequired()
    {
    }
}

public static class PurposeOfUseEndpointExtensions
{
    public static TBuilder RequirePurposeOfUse<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(PurposeOfUseRequired.Instance);
}
