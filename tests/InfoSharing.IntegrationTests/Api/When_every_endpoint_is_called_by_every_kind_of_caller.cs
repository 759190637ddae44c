using System.Net;
using InfoSharing.Api.Auth;
using InfoSharing.Data.Audit;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfoSharing.IntegrationTests.Api;

/// <summary>
/// The access matrix, driven by one table of endpoints: each is called by an anonymous caller, with an expired token,
/// with a wrongly signed token, by each role, and (for agency endpoints) by another agency. A new /api endpoint that
/// is not in the table fails the first test.
/// </summary>
public sealed class When_every_endpoint_is_called_by_every_kind_of_caller(InfraFixture infra) : IntegrationTest(infra)
{
    private const string OwnAgency = "midwifery";
    private const string OtherAgency = "gp";

    /// <summary>Who may call what. Roles not listed get 403; every listed role gets 200 on the scenario's data.</summary>
    internal static readonly EndpointCase[] Endpoints =
    [
        new("/api/infants/{nhsNumber}/linkage", _ => $"/api/infants/{Examples.MotherNhs}/linkage", Purpose: true, Roles.Auditor, Roles.Admin),
        new("/api/ingest/{agency}/messages/{messageId}", s => $"/api/ingest/{OwnAgency}/messages/{s.MessageId}", Purpose: false, Roles.Agency, Roles.Admin),
        new("/api/children/{childId:guid}/history", s => $"/api/children/{s.ChildId}/history", Purpose: true, Roles.Auditor, Roles.Admin),
        new("/api/children/{childId:guid}/export", s => $"/api/children/{s.ChildId}/export?format=fhir", Purpose: true, Roles.Auditor, Roles.Admin),
        new("/api/persons/{personId:guid}/links", s => $"/api/persons/{s.FatherId}/links", Purpose: true, Roles.Auditor, Roles.Reviewer, Roles.Admin),
        new("/api/flags/{flagId:guid}/history", s => $"/api/flags/{s.FlagId}/history", Purpose: true, Roles.Auditor, Roles.Admin),
        new("/api/disclosures", _ => "/api/disclosures?subscriber=health-visiting", Purpose: true, Roles.Auditor, Roles.Admin),
        new("/api/audit/verify", _ => "/api/audit/verify", Purpose: true, Roles.Auditor, Roles.Admin),
        new("/api/audit/entries", s => $"/api/audit/entries?subjectId={s.ChildId}&pageSize=10", Purpose: true, Roles.Auditor, Roles.Admin),
        new("/api/reviews", _ => "/api/reviews?status=all", Purpose: true, Roles.Reviewer, Roles.Admin),
        new("/api/admin/ingest/failed", _ => "/api/admin/ingest/failed?agency=midwifery", Purpose: false, Roles.Operator, Roles.Admin),
        new("/api/operations/messages", _ => "/api/operations/messages", Purpose: false, Roles.Operator, Roles.Admin),
        new("/api/operations/queues", _ => "/api/operations/queues", Purpose: false, Roles.Operator, Roles.Admin),
        new("/api/terminology/value-sets", _ => "/api/terminology/value-sets", Purpose: true, Roles.Admin, Roles.Auditor),
        new("/api/terminology/unmapped-codes", _ => "/api/terminology/unmapped-codes?agency=midwifery", Purpose: true, Roles.Admin, Roles.Auditor),

        // Calls on ids that do not exist: the allowed roles get past authorisation to a 404 (and a write changes nothing).
        new("/api/reviews/{reviewId:guid}", _ => $"/api/reviews/{Guid.Empty}", Purpose: true, Roles.Reviewer, Roles.Admin) { Answered = HttpStatusCode.NotFound },
        new("/api/person-merges/{personMergeId:guid}", _ => $"/api/person-merges/{Guid.Empty}", Purpose: true, Roles.Reviewer, Roles.Admin) { Answered = HttpStatusCode.NotFound },
        new("/api/reviews/{reviewId:guid}/decision", _ => $"/api/reviews/{Guid.Empty}/decision", Purpose: true, Roles.Reviewer, Roles.Admin)
        {
            Method = "POST", Body = """{"decision":"reject","reason":"matrix"}""", Answered = HttpStatusCode.NotFound,
        },
        new("/api/admin/ingest/failed/replay", _ => "/api/admin/ingest/failed/replay", Purpose: false, Roles.Operator, Roles.Admin)
        {
            Method = "POST", Body = $$"""{"inboundMessageIds":["{{Guid.Empty}}"]}""", Answered = HttpStatusCode.OK,
        },
        new("/api/persons/{personId:guid}/unmerge", _ => $"/api/persons/{Guid.Empty}/unmerge", Purpose: true, Roles.Reviewer, Roles.Admin)
        {
            Method = "POST", Body = $$"""{"personRecordId":"{{Guid.Empty}}","reason":"matrix"}""", Answered = HttpStatusCode.NotFound,
        },
    ];

    private static readonly string[] AllRoles = [Roles.Auditor, Roles.Reviewer, Roles.Agency, Roles.Operator, Roles.Admin];

    [Fact]
    public async Task Every_api_endpoint_of_the_app_is_in_the_table()
    {
        var (app, client) = await Hosts.StartApiAsync(Infra);
        try
        {
            var mapped = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
                .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
                .Select(e => $"{string.Join(',', e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [])} {e.RoutePattern.RawText}")
                .Order(StringComparer.Ordinal)
                .ToList();

            Assert.Equal(Endpoints.Select(e => $"{e.Method} {e.Template}").Order(StringComparer.Ordinal), mapped);
        }
        finally
        {
            client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Only_the_roles_in_the_table_are_answered_and_everyone_else_is_refused()
    {
        await StartWorkerAsync();
        var api = await StartApiAsync();
        var scenario = await Scenario.BookAsync(Infra, Agency, "matrix-1", Patience);
        var failures = new List<string>();

        foreach (var endpoint in Endpoints)
        {
            var path = endpoint.Path(scenario);
            var allowed = endpoint.Roles[0];
            await ExpectAsync(api, endpoint, path, "anonymous", null, HttpStatusCode.Unauthorized, failures);
            await ExpectAsync(api, endpoint, path, "expired token", Token(allowed, TimeSpan.FromMinutes(-5)), HttpStatusCode.Unauthorized, failures);
            await ExpectAsync(api, endpoint, path, "wrongly signed token", Token(allowed, key: ApiCalls.WrongKey), HttpStatusCode.Unauthorized, failures);
            foreach (var role in AllRoles)
            {
                var expected = endpoint.Roles.Contains(role) ? endpoint.Answered : HttpStatusCode.Forbidden;
                await ExpectAsync(api, endpoint, path, $"role {role}", Token(role), expected, failures);
            }

            if (endpoint.Roles.Contains(Roles.Agency))
            {
                await ExpectAsync(api, endpoint, path, "another agency", ApiCalls.Token(Roles.Agency, OtherAgency), HttpStatusCode.Forbidden, failures);
            }

            if (endpoint.Purpose)
            {
                await ExpectAsync(api, endpoint, path, $"role {allowed} without a purpose", Token(allowed), HttpStatusCode.BadRequest, failures, purpose: null);
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task Every_answered_read_is_in_the_audit_log_and_no_refused_one_is()
    {
        await StartWorkerAsync();
        var api = await StartApiAsync();
        var scenario = await Scenario.BookAsync(Infra, Agency, "matrix-2", Patience);
        var before = await Infra.QueryAsync(db => db.AuditEntries.Where(e => e.Kind == AuditLog.ApiRead).CountAsync());

        foreach (var endpoint in Endpoints.Where(e => e.Method == "GET"))
        {
            using var refused = await api.GetAsync(endpoint.Path(scenario), Token(AllRoles.First(r => !endpoint.Roles.Contains(r))));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            using var answered = await api.GetAsync(endpoint.Path(scenario), Token(endpoint.Roles[0]));
            Assert.Equal(endpoint.Answered, answered.StatusCode);
        }

        var reads = await Infra.QueryAsync(db => db.AuditEntries.Where(e => e.Kind == AuditLog.ApiRead).OrderBy(e => e.EntryNo).ToListAsync());
        Assert.Equal(0, before);
        Assert.Equal(Endpoints.Where(e => e.Method == "GET").Select(e => $"GET {e.Template} {(int)e.Answered}"), reads.Select(r => Describe(r.Content)));
    }

    private static string Describe(string content)
    {
        using var json = System.Text.Json.JsonDocument.Parse(content);
        var root = json.RootElement;
        return $"{root.GetProperty("method").GetString()} {root.GetProperty("endpoint").GetString()} {root.GetProperty("status").GetInt32()}";
    }

    private static string Token(string role, TimeSpan? lifetime = null, InfoSharing.Api.Auth.AuthOptions? key = null) =>
        ApiCalls.Token(role, role == Roles.Agency ? OwnAgency : null, lifetime: lifetime, key: key);

    private static async Task ExpectAsync(
        HttpClient api, EndpointCase endpoint, string path, string caller, string? token, HttpStatusCode expected, List<string> failures, string? purpose = ApiCalls.Purpose)
    {
        using var request = ApiCalls.Get(path, token, purpose);
        request.Method = new HttpMethod(endpoint.Method);
        if (endpoint.Body is { } body)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await api.SendAsync(request);
        if (response.StatusCode != expected)
        {
            failures.Add($"{endpoint.Template} as {caller}: expected {(int)expected}, got {(int)response.StatusCode}");
        }
        else if (expected != HttpStatusCode.OK && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            failures.Add($"{endpoint.Template} as {caller}: {(int)expected} without application/problem+json ({response.Content.Headers.ContentType?.MediaType ?? "no body"})");
        }
    }

    internal sealed record EndpointCase(string Template, Func<Scenario, string> Path, bool Purpose, params string[] Roles)
    {
        public string Method { get; init; } = "GET";

        public string? Body { get; init; }

        /// <summary>What an allowed role gets.</summary>
        public HttpStatusCode Answered { get; init; } = HttpStatusCode.OK;
    }
}
