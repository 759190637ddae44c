using Npgsql;

namespace InfoSharing.FaultSuite;

/// <summary>Reads progress from the service's tables; while the database is down it answers with the last value read.</summary>
internal sealed class Progress(string connectionString)
{
    private long _inbound;
    private long _pendingOutbox = -1;

    public async Task<long> InboundAsync()
    {
        _inbound = await ScalarAsync("SELECT count(*) FROM ingest.inbound_messages", _inbound);
        return _inbound;
    }

    private long _bookings;

    /// <summary>The units' midwifery bookings stored so far.</summary>
    public async Task<long> BookingsStoredAsync()
    {
        _bookings = await ScalarAsync("SELECT count(*) FROM ingest.inbound_messages WHERE agency = 'midwifery' AND message_id LIKE 'midwifery-u%'", _bookings);
        return _bookings;
    }

    public async Task<long> PendingOutboxAsync()
    {
        _pendingOutbox = await ScalarAsync("SELECT count(*) FROM messaging.outbox WHERE sent_at IS NULL", _pendingOutbox);
        return _pendingOutbox;
    }

    private long _pendingEvaluations = -1;

    /// <summary>Children whose picture changed and whose flags are still to be evaluated (the flags stage's queue, and re-evaluations asked for).</summary>
    public async Task<long> PendingEvaluationsAsync()
    {
        _pendingEvaluations = await ScalarAsync(
            "SELECT (SELECT count(*) FROM flags.evaluation_requests) + (SELECT count(*) FROM person.reevaluation_requests WHERE processed_at IS NULL)", _pendingEvaluations);
        return _pendingEvaluations;
    }

    private async Task<long> ScalarAsync(string sql, long fallback)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return fallback;
        }
    }
}
