using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using InfoSharing.Api.Auditing;
using InfoSharing.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InfoSharing.Api.Features.Operations;

/// <summary>One queue of the service's virtual host as the broker's management API reports it.</summary>
public sealed record QueueDepth(string Name, long Messages, long Ready, long Unacknowledged, int Consumers);

/// <summary>Flag messages written to the outbox and not yet confirmed by the broker.</summary>
public sealed record OutboxBacklog(long Pending, DateTimeOffset? OldestPendingSince, long Retrying, string? LastError);

/// <summary>Queue depths (or why they could not be read) and the outbox backlog.</summary>
public sealed record QueueDepthsResponse(string VirtualHost, IReadOnlyList<QueueDepth> Queues, string? QueuesUnavailable, OutboxBacklog Outbox) : IReturnsIds
{
    public IEnumerable<ReturnedId> ReturnedIds() => [];
}

/// <summary>Read by GET /api/operations/queues and the operators' page.</summary>
public sealed class QueueDepths(IHttpClientFactory clients, IOptions<OperationsOptions> options, IConfiguration configuration)
{
    public const string HttpClientName = "rabbitmq-management";

    public async Task<QueueDepthsResponse> LoadAsync(InfoSharingDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var pending = db.Outbox.AsNoTracking().Where(m => m.SentAt == null);
        var outbox = new OutboxBacklog(
            await pending.LongCountAsync(cancellationToken),
            await pending.OrderBy(m => m.Id).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(cancellationToken),
            await pending.LongCountAsync(m => m.Attempts > 0, cancellationToken),
            await pending.Where(m => m.LastError != null).OrderByDescending(m => m.Id).Select(m => m.LastError).FirstOrDefaultAsync(cancellationToken));

        var vhost = VirtualHost();
        if (options.Value.RabbitMqManagement is not { } management)
        {
            return new QueueDepthsResponse(vhost, [], "Operations:RabbitMqManagement is not set.", outbox);
        }

        try
        {
            using var http = clients.CreateClient(HttpClientName);
            http.Timeout = TimeSpan.FromSeconds(5);
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Base(management), $"api/queues/{Uri.EscapeDataString(vhost)}?columns=name,messages,messages_ready,messages_unacknowledged,consumers"));
            if (!string.IsNullOrEmpty(management.UserInfo))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(management.UserInfo))));
            }

            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return new QueueDepthsResponse(vhost, [], $"The management API answered {(int)response.StatusCode}.", outbox);
            }

            var queues = await response.Content.ReadFromJsonAsync<List<ManagementQueue>>(cancellationToken) ?? [];
            return new QueueDepthsResponse(
                vhost,
                queues.OrderBy(q => q.Name, StringComparer.Ordinal).Select(q => new QueueDepth(q.Name, q.Messages, q.Ready, q.Unacknowledged, q.Consumers)).ToList(),
                null,
                outbox);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            return new QueueDepthsResponse(vhost, [], $"The management API could not be read ({ex.GetType().Name}).", outbox);
        }
    }

    private string VirtualHost()
    {
        var uri = new Uri(configuration.GetConnectionString("RabbitMq") ?? "amqp://127.0.0.1");
        var path = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        return path.Length == 0 ? "/" : path;
    }

    private static Uri Base(Uri management) => new UriBuilder(management) { UserName = string.Empty, Password = string.Empty, Path = "/" }.Uri;

    private sealed record ManagementQueue(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("messages")] long Messages,
        [property: JsonPropertyName("messages_ready")] long Ready,
        [property: JsonPropertyName("messages_unacknowledged")] long Unacknowledged,
        [property: JsonPropertyName("consumers")] int Consumers);
}
