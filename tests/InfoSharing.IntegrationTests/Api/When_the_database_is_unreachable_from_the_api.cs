using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using InfoSharing.Api.Auth;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace InfoSharing.IntegrationTests.Api;

/// <summary>
/// A database restart or failover seen from the API: the caller is told to try again (503 with Retry-After, in
/// problem+json), not that the service is broken, and the operator's log says which endpoint failed and why, by the
/// route's template and never by its path (which may hold an NHS number). Found by the fault suite: after a database
/// restart GET /api/audit/verify answered a bare 500 and nothing was logged at all.
/// </summary>
public sealed class When_the_database_is_unreachable_from_the_api(InfraFixture infra) : IntegrationTest(infra)
{
    [Fact]
    public async Task Calls_answer_503_with_retry_after_and_the_failure_is_logged_by_route_and_trace_id()
    {
        var direct = new NpgsqlConnectionStringBuilder(Infra.ApplicationConnectionString);
        await using var relay = new TcpRelay(direct.Host!, direct.Port);
        var viaRelay = new NpgsqlConnectionStringBuilder(Infra.ApplicationConnectionString) { Host = "127.0.0.1", Port = relay.Port, Timeout = 3 }.ConnectionString;
        var (api, client) = await Hosts.StartApiAsync(Infra, "Development", ("ConnectionStrings:Postgres", viaRelay));
        Track(api);
        var logs = new ListLoggerProvider();
        api.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        using (var before = await client.GetAsync("/api/audit/verify", ApiCalls.Token(Roles.Auditor)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        relay.Sever();
        using var response = await client.GetAsync($"/api/infants/{Examples.MotherNhs}/linkage", ApiCalls.Token(Roles.Auditor));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("try again", problem.RootElement.GetProperty("title").GetString(), StringComparison.Ordinal);
        var traceId = problem.RootElement.GetProperty("traceId").GetString();
        var logged = Assert.Single(logs.Entries, e => e.Category == "InfoSharing.Api.Web.ApiFailures");
        Assert.Equal(LogLevel.Warning, logged.Level);
        Assert.Contains("/api/infants/{nhsNumber}/linkage", logged.Message, StringComparison.Ordinal);
        Assert.Contains(traceId!, logged.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Examples.MotherNhs, logged.Message, StringComparison.Ordinal);

        // Nor in the scopes the line carries out (OTLP exports them): ASP.NET Core's hosting scope holds the path.
        Assert.NotEmpty(logged.Scopes);
        Assert.All(logged.Scopes, scope => Assert.DoesNotContain(Examples.MotherNhs, scope, StringComparison.Ordinal));

        relay.Restore();
        var deadline = DateTime.UtcNow + Patience;
        HttpStatusCode status;
        do
        {
            using var again = await client.GetAsync("/api/audit/verify", ApiCalls.Token(Roles.Auditor));
            status = again.StatusCode;
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private sealed class ListLoggerProvider : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ConcurrentQueue<(string Category, LogLevel Level, string Message, List<string> Scopes)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new ListLogger(categoryName, Entries, () => _scopes);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class ListLogger(string category, ConcurrentQueue<(string, LogLevel, string, List<string>)> entries, Func<IExternalScopeProvider> scopes) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    var held = new List<string>();
                    scopes().ForEachScope((scope, list) => list.Add(scope is IEnumerable<KeyValuePair<string, object?>> pairs
                        ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}"))
                        : scope?.ToString() ?? string.Empty), held);
                    entries.Enqueue((category, logLevel, formatter(state, exception), held));
                }
            }
        }
    }
}
