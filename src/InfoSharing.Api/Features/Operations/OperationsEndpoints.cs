using System.Text.RegularExpressions;
using InfoSharing.Api.Auth;
using InfoSharing.Api.Http;
using InfoSharing.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfoSharing.Api.Features.Operations;

/// <summary>GET /api/operations/messages and /api/operations/queues: what operators need, never a message body or a person.</summary>
public static partial class OperationsEndpoints
{
    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.AddOptions<OperationsOptions>().BindConfiguration(OperationsOptions.SectionName)
            .Validate(o => o.RabbitMqManagement is null || o.RabbitMqManagement.IsAbsoluteUri, "Operations:RabbitMqManagement must be an absolute URL such as http://user:password@127.0.0.1:15672.")
            .ValidateOnStart();
        services.AddHttpClient(QueueDepths.HttpClientName);
        services.AddScoped<QueueDepths>();
        services.AddAuthorizationBuilder().AddPolicy(Roles.OperatorPolicy, policy => policy.RequireRole(Roles.Operator, Roles.Admin));
        return services;
    }

    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder api)
    {
        api.MapGet("/operations/messages", MessagesAsync)
            .RequireAuthorization(Roles.OperatorPolicy)
            .WithName("ListMessageCounts")
            .WithTags("Operations")
            .WithSummary("Messages per agency by status and rejection code, and the latest messages not accepted (code and reason, never the body); filter by agency.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/operations/queues", QueuesAsync)
            .RequireAuthorization(Roles.OperatorPolicy)
            .WithName("GetQueueDepths")
            .WithTags("Operations")
            .WithSummary("Depth and consumers of every queue of the service's virtual host (RabbitMQ management API), and the outbox backlog.");
        return api;
    }

    private static async Task<Results<Ok<MessageCountsResponse>, ProblemHttpResult>> MessagesAsync(
        string? agency, int? page, int? pageSize, InfoSharingDbContext db, CancellationToken cancellationToken)
    {
        if (!Paging.TryCreate(page, pageSize, out var paging, out var problem))
        {
            return problem!;
        }

        if (agency is not null && !AgencyCode().IsMatch(agency))
        {
            return Problems.BadRequest("Invalid agency", "agency is an agency code: lower-case letters, digits and hyphens.");
        }

        return TypedResults.Ok(await MessageCounts.LoadAsync(db, agency, paging, cancellationToken));
    }

    private static async Task<Ok<QueueDepthsResponse>> QueuesAsync(QueueDepths depths, InfoSharingDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await depths.LoadAsync(db, cancellationToken));

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex AgencyCode();
}
