using System.Threading.RateLimiting;
using InfoSharing.Api.Auth;
using InfoSharing.Data;
using InfoSharing.Data.Audit;

namespace InfoSharing.Api.Auditing;

/// <summary>
/// Every refused call (401: no valid token; 403: a role or agency that may not call it) is written to the audit log
/// as it is answered: who (when the token was valid), the route template (never the path, which can hold an
/// NHS number), method and status. Anonymous callers can send refusals faster than the chain should take them, so
/// at most <c>Api:MaxAuditedRefusalsPerMinute</c> are recorded; the rest are counted and logged once a minute.
/// </summary>
internal sealed partial class RefusalAudit(IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration, ILogger<RefusalAudit> logger) : IDisposable
{
    private readonly FixedWindowRateLimiter _budget = new(new FixedWindowRateLimiterOptions
    {
        PermitLimit = Math.Max(1, configuration.GetValue("Api:MaxAuditedRefusalsPerMinute", 600)),
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
    });

    private long _unrecorded;

    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(next);
        await next(http);
        if (http.Response.StatusCode is not (StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden)
            || !(http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/docs") || http.Request.Path.StartsWithSegments("/openapi")))
        {
            return;
        }

        using var lease = _budget.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            if (Interlocked.Increment(ref _unrecorded) % 1000 == 1)
            {
                LogUnrecorded(Interlocked.Read(ref _unrecorded));
            }

            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InfoSharingDbContext>();
        var user = http.User;
        var authenticated = user.Identity?.IsAuthenticated == true;
        db.Record(
            AuditLog.ApiRefused,
            authenticated ? ReadAuditFilter.Actor(user) : "(anonymous)",
            time.GetUtcNow(),
            [],
            new
            {
                method = http.Request.Method,
                endpoint = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? FirstSegments(http.Request.Path),
                status = http.Response.StatusCode,
                agency = user.FindFirst(Roles.AgencyClaim)?.Value,
                reason = http.Response.StatusCode == StatusCodes.Status401Unauthorized
                    ? (http.Request.Headers.Authorization.Count == 0 ? "no token" : "token not valid")
                    : "not permitted for this role",
            },
            actorRole: authenticated ? ReadAuditFilter.ActorRoles(user) : null,
            purpose: PurposeOfUse.Read(http.Request)?.ToString());

        // A refusal that cannot be recorded is logged, and the caller still gets its 401 or 403.
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is Microsoft.EntityFrameworkCore.DbUpdateException or Npgsql.NpgsqlException or InvalidOperationException)
        {
            LogNotRecorded(http.Response.StatusCode, ex.GetType().Name);
        }
    }

    public void Dispose() => _budget.Dispose();

    // An unmatched path is not echoed: it may hold an NHS number. Its first segment says enough.
    private static string FirstSegments(PathString path) =>
        path.Value is { } value && value.Split('/', StringSplitOptions.RemoveEmptyEntries) is [var first, ..] ? $"/{first}/(unmatched)" : "(unmatched)";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused calls over the audit budget: {Count} not recorded since start")]
    private partial void LogUnrecorded(long count);

    [LoggerMessage(Level = LogLevel.Error, Message = "A refused call ({Status}) could not be recorded in the audit log ({ExceptionType})")]
    private partial void LogNotRecorded(int status, string exceptionType);
}
