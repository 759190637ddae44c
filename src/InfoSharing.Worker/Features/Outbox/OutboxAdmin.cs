using InfoSharing.Data;
using InfoSharing.Data.Audit;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Worker.Features.Outbox;

/// <summary>A parked row: what it is, why the broker refused it, and how many rows of its stream wait behind it.</summary>
public sealed record ParkedRow(long Id, string Stream, string MessageId, string? MessageType, int Attempts, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset ParkedAt, int Waiting);

/// <summary>Operators' view of the outbox: list parked rows, and release a stream once its cause is fixed.</summary>
public sealed class OutboxAdmin(IServiceScopeFactory scopes, OutboxSignal signal, TimeProvider time)
{
    public async Task<IReadOnlyList<ParkedRow>> ListParkedAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InfoSharingDbContext>();
        var parked = await db.Outbox.AsNoTracking()
            .Where(m => m.SentAt == null && m.ParkedAt != null)
            .OrderBy(m => m.Id)
            .Select(m => new { m.Id, m.Stream, m.MessageId, m.MessageType, m.Attempts, m.LastError, m.CreatedAt, ParkedAt = m.ParkedAt!.Value })
            .ToListAsync(cancellationToken);
        var streams = parked.Select(p => p.Stream).Distinct().ToList();
        var waiting = await db.Outbox.AsNoTracking()
            .Where(m => m.SentAt == null && m.ParkedAt == null && streams.Contains(m.Stream))
            .GroupBy(m => m.Stream)
            .Select(g => new { Stream = g.Key, Ids = g.Select(m => m.Id).ToList() })
            .ToListAsync(cancellationToken);
        return parked.ConvertAll(p => new ParkedRow(
            p.Id, p.Stream, p.MessageId, p.MessageType, p.Attempts, p.LastError, p.CreatedAt, p.ParkedAt,
            waiting.Where(w => w.Stream == p.Stream).SelectMany(w => w.Ids).Count(id => id > p.Id)));
    }

    /// <summary>
    /// Releases the stream of parked row <paramref name="outboxId"/> (or every parked stream when null): its rows are
    /// published again in order with a fresh attempt count. Recorded in the audit log with who released it. Returns
    /// the rows released.
    /// </summary>
    public async Task<int> ReleaseAsync(long? outboxId, string releasedBy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(releasedBy);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InfoSharingDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var parked = await db.Outbox
            .Where(m => m.SentAt == null && m.ParkedAt != null && (outboxId == null || m.Id == outboxId))
            .Select(m => new { m.Id, m.Stream, m.MessageId, m.Attempts, m.LastError })
            .ToListAsync(cancellationToken);
        if (parked.Count == 0)
        {
            return 0;
        }

        var streams = parked.Select(p => p.Stream).Distinct().ToList();
        var released = await db.Outbox
            .Where(m => m.SentAt == null && streams.Contains(m.Stream))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ParkedAt, (DateTimeOffset?)null).SetProperty(m => m.NextAttemptAt, (DateTimeOffset?)null).SetProperty(m => m.Attempts, 0), cancellationToken);
        var now = time.GetUtcNow();
        db.Record(AuditLog.OutboxReleased, $"operator:{releasedBy}", now, [], new
        {
            parked = parked.Select(p => new { outboxId = p.Id, stream = p.Stream, messageId = p.MessageId, attempts = p.Attempts, lastError = p.LastError }),
            rowsReleased = released,
            releasedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        signal.Notify();
        return released;
    }
}
