using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;

namespace InfoSharing.Api.Web;

/// <summary>
/// What a person sees when a page cannot be shown: a page in the service's own style saying what happened and what
/// to do, with the request's trace id to quote to the service desk; never the exception, the address asked for, or
/// anything from the request. /api, /docs, /health and /assets keep the host's problem+json answers.
/// </summary>
public static class ErrorPages
{
    public const string Path = "/error";

    /// <summary>In place of <c>UseExceptionHandler()</c>: a failure behind a page re-executes the error page; the API's stays problem+json.</summary>
    public static WebApplication UseInfoSharingExceptionHandler(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (WebAuth.Read(app.Configuration).Enabled)
        {
            // Every IExceptionHandler is asked before the path is re-executed: ApiFailures answers whatever is not a page.
            app.UseExceptionHandler(Path);
        }
        else
        {
            app.UseExceptionHandler();
        }

        return app;
    }

    /// <summary>
    /// After <c>UseStatusCodePages()</c> (problem+json): an empty error answer to a page re-executes the error page
    /// instead. Re-execution has to be registered on the application itself, not a branch, to be routed again.
    /// </summary>
    public static WebApplication UseInfoSharingStatusCodePages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!WebAuth.Read(app.Configuration).Enabled)
        {
            return app;
        }

        app.UseStatusCodePagesWithReExecute(Path + "/{0}");
        app.Use((http, next) =>
        {
            if (!WebPaths.IsPage(http.Request.Path))
            {
                // Not a page: the problem+json status code pages outside this one answer it.
                http.Features.Get<IStatusCodePagesFeature>()!.Enabled = false;
                return next(http);
            }

            if (http.GetEndpoint() is null)
            {
                // An address no page answers is not found, signed in or not (the API's fallback policy would answer 401).
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(http);
        });
        return app;
    }

    /// <summary>The reference a person quotes: the trace id, which the host's logs and traces carry.</summary>
    public static string Reference(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return Activity.Current is { } activity ? activity.TraceId.ToHexString() : http.TraceIdentifier;
    }

    /// <summary>
    /// The status to show. Opened directly rather than in place of a failed request, the error page is itself a page
    /// that does not exist.
    /// </summary>
    public static int Status(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var failed = http.Features.Get<IExceptionHandlerFeature>() is not null || http.Features.Get<IStatusCodeReExecuteFeature>() is not null;
        return failed ? http.Response.StatusCode : StatusCodes.Status404NotFound;
    }
}

/// <summary>
/// A failure outside the pages (the API, its documentation, health) is answered with problem+json, as without the
/// web application: 503 with Retry-After when the database is unreachable or restarting (a transient fault, worth
/// trying again), 500 otherwise. Each is logged for operators with the route's template (never the path, which may
/// hold an NHS number) and the trace id the caller was given: since .NET 10 the exception handler middleware stays
/// silent about an exception an <see cref="IExceptionHandler"/> handled.
/// </summary>
internal sealed partial class ApiFailures(IProblemDetailsService problems, ILogger<ApiFailures> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);

        // The middleware has already set the request's path to the error page's: the feature keeps the one asked for.
        if (WebPaths.IsPage(httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? httpContext.Request.Path))
        {
            return false;
        }

        var route = (httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Endpoint as RouteEndpoint)?.RoutePattern.RawText
            ?? (httpContext.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no endpoint)";
        var traceId = Activity.Current?.Id ?? httpContext.TraceIdentifier;
        var transient = IsTransientDatabaseFault(exception);
        if (transient)
        {
            LogDatabaseUnavailable(logger, exception, httpContext.Request.Method, route, traceId);
            httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            httpContext.Response.Headers.RetryAfter = "5";
        }
        else
        {
            LogFailed(logger, exception, httpContext.Request.Method, route, exception.GetType().Name, traceId);
        }

        var problem = new ProblemDetailsContext { HttpContext = httpContext, Exception = exception, ProblemDetails = { Status = httpContext.Response.StatusCode } };
        if (transient)
        {
            problem.ProblemDetails.Title = "The database is not available at the moment; try again in a few seconds.";
        }

        await problems.TryWriteAsync(problem);
        return true;
    }

    /// <summary>A PostgreSQL fault that is not the request's (server restarting, connection broken or refused), anywhere in the chain.</summary>
    internal static bool IsTransientDatabaseFault(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.NpgsqlException { IsTransient: true })
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "{Method} {Route} failed with {ExceptionType}; the caller was given trace id {TraceId}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, string route, string exceptionType, string traceId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Method} {Route} answered 503: the database was not reachable (trace id {TraceId})")]
    private static partial void LogDatabaseUnavailable(ILogger logger, Exception exception, string method, string route, string traceId);
}
