using InfoSharing.Contracts;
using InfoSharing.Data;
using InfoSharing.Data.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace InfoSharing.Worker.Features.Outbox;

/// <summary>
/// The dispatcher's database side, in short transactions that never wait on the broker: take the lease and claim a
/// batch (commit), then, after the broker has answered, record what it said (a new transaction).
/// </summary>
public sealed class OutboxStore(IServiceScopeFactory scopes, IOptions<OutboxOptions> options, TimeProvider time)
{
    public const string LeaseName = "dispatcher";

    /// <summary>
    /// Renews (or takes, if free or lapsed) the lease for <paramref name="holder"/> and reads the next rows to publish:
    /// pending rows in id order, leaving out every row of a stream from its first held row on (a row waiting after a
    /// refusal, or parked), so that nothing overtakes it. Null when another dispatcher holds the lease.
    /// </summary>
    public async Task<IReadOnlyList<OutboxRow>?> ClaimAsync(string holder, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InfoSharingDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();

        await using (var lease = new NpgsqlCommand("""
            INSERT INTO messaging.outbox_leases (name, holder, expires_at) VALUES (@name, @holder, now() + @duration)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
              WHERE outbox_leases.holder = excluded.holder OR outbox_leases.expires_at < now()
            RETURNING holder
            """, connection))
        {
            lease.Parameters.AddWithValue("name", LeaseName);
            lease.Parameters.AddWithValue("holder", holder);
            lease.Parameters.AddWithValue("duration", options.Value.LeaseDuration);
            if (await lease.ExecuteScalarAsync(cancellationToken) is null)
            {
                await transaction.CommitAsync(cancellationToken);
                return null;
            }
        }

        var rows = new List<OutboxRow>();
        await using (var claim = new NpgsqlCommand("""
            WITH held AS (
              SELECT stream, min(id) AS from_id FROM messaging.outbox
              WHERE sent_at IS NULL AND (parked_at IS NOT NULL OR next_attempt_at IS NOT NULL)
                AND (parked_at IS NOT NULL OR next_attempt_at > now())
              GROUP BY stream)
            SELECT o.id, o.stream, o.exchange, o.routing_key, o.message_id, o.message_type, o.content_type, o.body, o.headers::text,
                   o.created_at, o.attempts
            FROM messaging.outbox o
            WHERE o.sent_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM held h WHERE h.stream = o.stream AND o.id >= h.from_id)
            ORDER BY o.id
            LIMIT @limit
            """, connection))
        {
            claim.Parameters.AddWithValue("limit", options.Value.BatchSize);
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new OutboxRow(
                    reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6), (byte[])reader.GetValue(7), reader.GetString(8),
                    reader.GetFieldValue<DateTimeOffset>(9), reader.GetInt32(10)));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return rows;
    }

    /// <summary>Gives the lease up (on shutdown), so that a restarted or other replica publishes at once.</summary>
    public async Task ReleaseLeaseAsync(string holder, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InfoSharingDbContext>();
        await db.Database.ExecuteSqlAsync($"DELETE FROM messaging.outbox_leases WHERE name = {LeaseName} AND holder = {holder}", cancellationToken);
    }

    /// <summary>
    /// Records the broker's answers in one transaction: routed rows stamped sent, with their disclosures and the
    /// disclosures' audit entries (only now, when a queue holds the message); refused rows counted, delayed, and the
    /// first refused row of a stream parked at the attempt limit. Unknown outcomes change nothing: published again.
    /// Returns the rows parked by this call.
    /// </summary>
    public async Task<IReadOnlyList<PublishOutcome>> RecordAsync(IReadOnlyList<PublishOutcome> outcomes, CancellationToken cancellationToken)
    {
        var routed = outcomes.Where(o => o.Result == PublishResult.Routed).Select(o => o.Row.Id).ToArray();
        var refused = outcomes.Where(o => o.IsRefusal).ToList();
        if (routed.Length == 0 && refused.Count == 0)
        {
            return [];
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InfoSharingDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var sentAt = time.GetUtcNow();

        if (routed.Length > 0)
        {
            // A row another dispatcher already stamped (it published too, after a lapsed lease) is not disclosed twice.
            await using var stamp = new NpgsqlCommand("""
                WITH sent AS (
                  UPDATE messaging.outbox SET sent_at = @sentAt, last_error = NULL, next_attempt_at = NULL
                  WHERE id = ANY(@ids) AND sent_at IS NULL
                  RETURNING id, exchange, routing_key, message_id)
                UPDATE flags.disclosures d SET sent_at = @sentAt
                FROM sent s
                WHERE s.exchange = @flags AND d.message_id = s.message_id AND d.sent_at IS NULL
                RETURNING d.id, d.flag_id, d.flag_version, d.subscriber, d.message_id, s.exchange, s.routing_key
                """, connection);
            stamp.Parameters.AddWithValue("sentAt", sentAt);
            stamp.Parameters.AddWithValue("ids", routed);
            stamp.Parameters.AddWithValue("flags", Exchanges.Flags);
            var disclosed = new List<(Guid Id, Guid FlagId, int FlagVersion, string Subscriber, string MessageId, string Exchange, string RoutingKey)>();
            await using (var reader = await stamp.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    disclosed.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6)));
                }
            }

            foreach (var d in disclosed)
            {
                db.Record(AuditLog.Disclosure, "worker:outbox", sentAt, [d.FlagId, d.Id], new
                {
                    disclosureId = d.Id,
                    flagId = d.FlagId,
                    flagVersion = d.FlagVersion,
                    subscriber = d.Subscriber,
                    messageId = d.MessageId,
                    exchange = d.Exchange,
                    routingKey = d.RoutingKey,
                    sentAt,
                });
            }
        }

        var parked = new List<PublishOutcome>();
        var heads = refused.GroupBy(o => o.Row.Stream).Select(g => g.MinBy(o => o.Row.Id)!.Row.Id).ToHashSet();
        foreach (var outcome in refused)
        {
            var attempts = outcome.Row.Attempts + 1;
            var park = attempts >= options.Value.MaxAttempts && heads.Contains(outcome.Row.Id);
            await using var refuse = new NpgsqlCommand("""
                UPDATE messaging.outbox
                SET attempts = attempts + 1, last_error = @error, next_attempt_at = now() + @delay,
                    parked_at = CASE WHEN @park THEN now() ELSE parked_at END
                WHERE id = @id AND sent_at IS NULL
                """, connection);
            refuse.Parameters.AddWithValue("id", outcome.Row.Id);
            refuse.Parameters.AddWithValue("error", Truncate(outcome.Error ?? outcome.Result.ToString(), 1000));
            refuse.Parameters.AddWithValue("delay", options.Value.DelayAfter(attempts));
            refuse.Parameters.AddWithValue("park", park);
            if (await refuse.ExecuteNonQueryAsync(cancellationToken) == 1 && park)
            {
                parked.Add(outcome);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return parked;
    }

    /// <summary>Rows parked and not yet released (the gauge operators alert on).</summary>
    public async Task<long> CountParkedAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InfoSharingDbContext>();
        return await db.Outbox.LongCountAsync(m => m.SentAt == null && m.ParkedAt != null, cancellationToken);
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
