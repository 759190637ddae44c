using System.Text.RegularExpressions;

namespace InfoSharing.Api.Auditing;

/// <summary>
/// The reason a caller gives for reading about people, sent in the <c>X-Purpose-Of-Use</c> header and recorded,
/// verbatim, in the audit entry of the read. A header rather than a query parameter, so that it stays out of URLs,
/// browser history and proxy logs. It must not name anyone: it is kept for as long as the audit log.
/// </summary>
public static partial class PurposeOfUse
{
    public const string Header = "X-Purpose-Of-Use";
    public const int MinLength = 3;
    public const int MaxLength = 200;

    /// <summary>Null when the stated purpose may be recorded; otherwise what is wrong with it.</summary>
    public static string? Problem(string? purpose)
    {
        if (string.IsNullOrWhiteSpace(purpose))
        {
            return $"State why you are reading this in the {Header} header (for example \"serious case review 2027-14\").";
        }

        if (purpose.Length is < MinLength or > MaxLength)
        {
            return $"The {Header} header must be {MinLength} to {MaxLength} characters.";
        }

        if (purpose.Any(char.IsControl))
        {
            return $"The {Header} header must be plain text on one line.";
        }

        // The purpose is kept in the audit log, which never holds NHS numbers: state the purpose, not the person.
        return TenDigits().IsMatch(purpose)
            ? $"The {Header} header looks as if it holds an NHS number: state the purpose, not the person."
            : null;
    }

    public static string? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var value = request.Headers[Header].ToString().Trim();
        return value.Length == 0 ? null : value;
    }

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
