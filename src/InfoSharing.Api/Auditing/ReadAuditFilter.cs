using System.Security.Claims;
using InfoSharing.Api.Auth;
using InfoSharing.Api.Http;
using InfoSharing.Data;
using InfoSharing.Data.Audit;

namespace InfoSharing.Api.Auditing;

/// <summary>
/// Wraps every /api endpoint: refuses a read that needs a stated purpose and has none (400), runs the handler, then
/// records an <see cref="AuditLog.ApiRead"/> entry (who, roles, purpose, route template, the non-personal
/// parameters, the status and the ids returned) and commits it before the response is written: a read that cannot
/// be recorded is not answered.
/// </summary>
internal static class ReadAuditFilter
{
    /// <summary>Parameters whose values are internal ids, agency codes, times or paging: recorded as given. Any other is recorded as withheld.</summary>
    private static readonly HashSet<string> Recordable = new(StringComparer.OrdinalIgnoreCase)
    {
        "childId", "personId", "flagId", "reviewId", "status", "agency", "messageId", "subjectId", "subscriber", "kind",
        "page", "pageSize", "asOf", "from", "to", "format", "personMergeId",
    };

    public const int MaxRecordedIds = 1000;

    public static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var endpoint = http.GetEndpoint();
        var purpose = PurposeOfUse.Read(http.Request);
        var required = endpoint?.Metadata.GetMetadata<PurposeOfUseRequired>() is not null;
        if ((required || purpose is not null) && PurposeOfUse.Problem(purpose) is { } problem)
        {
            return Problems.BadRequest("Purpose of use required", problem);
        }

        var result = await next(context);
        var (status, returned) = Inspect(result);
        await RecordAsync(
            http,
            purpose,
            (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? "(unknown)",
            http.Request.RouteValues.Select(v => (v.Key, v.Value?.ToString())),
            http.Request.Query.Select(q => (q.Key, (string?)q.Value.ToString())),
            status,
            returned);
        return result;
    }

    /// <summary>
    /// Records one answered read as an <see cref="AuditLog.ApiRead"/> entry and commits it: the API's endpoints through
    /// the filter, the web pages directly (their endpoint is the page's route template, their purpose the session's).
    /// Parameters not in the recordable list are recorded as withheld.
    /// </summary>
    public static async Task RecordAsync(
        HttpContext http,
        StatedPurpose? purpose,
        string endpoint,
        IEnumerable<(string Name, string? Value)> route,
        IEnumerable<(string Name, string? Value)> query,
        int? status,
        IReadOnlyCollection<ReturnedId> returned)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(returned);

        // Infrastructure at the edge of every endpoint: the request's own context, so the entry joins no other work.
        var db = http.RequestServices.GetRequiredService<InfoSharingDbContext>();
        var time = http.RequestServices.GetRequiredService<TimeProvider>();
        var ids = returned.Select(r => r.Id).Distinct().Take(MaxRecordedIds).ToList();
        db.Record(
            AuditLog.ApiRead,
            Actor(http.User),
            time.GetUtcNow(),
            ids,
            new
            {
                method = http.Request.Method,
                endpoint,
                route = Parameters(route),
                query = Parameters(query),
                status,
                agency = http.User.FindFirst(Roles.AgencyClaim)?.Value,
                returned = returned.GroupBy(r => r.Kind, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Select(r => r.Id).Distinct().Take(MaxRecordedIds).ToList(), StringComparer.Ordinal),
                returnedTruncated = returned.Select(r => r.Id).Distinct().Count() > MaxRecordedIds,
            },
            actorRole: ActorRoles(http.User),
            purpose: purpose?.ToString());
        await db.SaveChangesAsync(http.RequestAborted);
    }

    public static string Actor(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirst("sub")?.Value ?? user.FindFirst("client_id")?.Value ?? "(no subject)";
    }

    public static string? ActorRoles(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var roles = user.FindAll("role").Select(c => c.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return roles.Count == 0 ? null : string.Join(',', roles);
    }

    private static (int? Status, List<ReturnedId> Returned) Inspect(object? result)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        var status = (result as IStatusCodeHttpResult)?.StatusCode;
        var source = result as IReturnsIds ?? (result as IValueHttpResult)?.Value as IReturnsIds;
        return (status, source?.ReturnedIds().ToList() ?? []);
    }

    private static SortedDictionary<string, string?> Parameters(IEnumerable<(string Name, string? Value)> parameters)
    {
        var recorded = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in parameters)
        {
            recorded[name] = Recordable.Contains(name) ? Truncate(value) : "(withheld)";
        }

        return recorded;
    }

    private static string? Truncate(string? value) => value is { Length: > 100 } ? value[..100] : value;
}
