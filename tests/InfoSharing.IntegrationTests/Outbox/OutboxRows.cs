using System.Text;
using InfoSharing.Data.Flags;
using InfoSharing.Data.Linkage;
using InfoSharing.Data.Messaging;
using InfoSharing.IntegrationTests.Infrastructure;

namespace InfoSharing.IntegrationTests.Outbox;

/// <summary>
/// Commits outbox rows as the flag rules write them (a flag, one row and one disclosure per subscriber), without
/// going through ingest, so that a test controls exactly what the dispatcher finds. Bodies carry a sequence number.
/// </summary>
public static class OutboxRows
{
    public static async Task<List<OutboxMessage>> AddFlagMessagesAsync(InfraFixture infra, int flags, params string[] subscribers)
    {
        ArgumentNullException.ThrowIfNull(infra);
        await using var db = infra.CreateDbContext();
        var now = DateTimeOffset.UtcNow;
        var rows = new List<OutboxMessage>();
        var sequence = 0;
        for (var f = 0; f < flags; f++)
        {
            var child = new Child { Id = Guid.CreateVersion7(), CreatedAt = now };
            var flag = new FlagRecord { Id = Guid.CreateVersion7(), Code = "significant-male-linked", ChildId = child.Id, Status = "active", Version = 1, RaisedAt = now, UpdatedAt = now };
            db.Children.Add(child);
            db.Flags.Add(flag);
            foreach (var subscriber in subscribers)
            {
                var messageId = $"flag-{flag.Id:N}-v1-{subscriber}";
                var row = new OutboxMessage
                {
                    Exchange = "infosharing.flags",
                    RoutingKey = $"{subscriber}.significant-male-linked",
                    MessageId = messageId,
                    MessageType = "flag-raised",
                    ContentType = "application/fhir+json",
                    Body = Encoding.UTF8.GetBytes($"{{\"sequence\":{sequence++}}}"),
                    Headers = "{}",
                    CreatedAt = now,
                };
                rows.Add(row);
                db.Outbox.Add(row);
                db.Disclosures.Add(new Disclosure { Id = Guid.CreateVersion7(), FlagId = flag.Id, FlagVersion = 1, Subscriber = subscriber, MessageId = messageId, QueuedAt = now });
            }
        }

        await db.SaveChangesAsync();
        return rows;
    }
}
