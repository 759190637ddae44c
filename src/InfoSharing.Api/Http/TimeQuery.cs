using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfoSharing.Api.Http;

/// <summary>Times in the query (asOf, from, to) as ISO 8601 with an offset or Z; a time without one is ambiguous and refused.</summary>
public static class TimeQuery
{
    public static bool TryParse(string name, string? value, out DateTimeOffset? time, out ProblemHttpResult? problem)
    {
        time = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        // An unencoded '+' in a query string arrives as a space.
        value = value.Trim().Replace(' ', '+');
        var t = value.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        if (t > 0
            && (value.EndsWith('Z') || value.EndsWith('z') || value.LastIndexOfAny(['+', '-']) > t)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            time = parsed.ToUniversalTime();
            return true;
        }

        problem = Problems.BadRequest("Invalid time", $"{name} must be an ISO 8601 time with an offset, e.g. 2027-03-01T09:30:00Z (encode + as %2B).");
        return false;
    }
}
