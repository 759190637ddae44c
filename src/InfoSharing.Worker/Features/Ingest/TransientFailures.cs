using System.Net.Sockets;
using Npgsql;
using Polly;
using Polly.Retry;
using RabbitMQ.Client.Exceptions;

namespace InfoSharing.Worker.Features.Ingest;

/// <summary>
/// Which failures are worth retrying, and the one Polly pipeline that retries database transactions. Two kinds:
/// conflicts between concurrent transactions (re-run the transaction now) and outages (the database or broker cannot
/// be reached: wait and try again, never blame the message).
/// </summary>
public static class TransientFailures
{
    public const string DatabasePipeline = "database-transaction";

    /// <summary>Serialization failures, deadlocks, unique-key races and optimistic-concurrency misses between replicas succeed when the transaction is re-run; outages pass.</summary>
    public static bool IsTransient(Exception exception) => IsOutage(exception) || exception switch
    {
        PostgresException pg => pg.SqlState is PostgresErrorCodes.SerializationFailure
            or PostgresErrorCodes.DeadlockDetected
            or PostgresErrorCodes.UniqueViolation
            || pg.IsTransient,
        NpgsqlException npgsql => npgsql.IsTransient,
        // Another replica changed or removed a row this transaction read: re-running it reads the new state.
        Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException => true,
        Microsoft.EntityFrameworkCore.DbUpdateException { InnerException: { } inner } => IsTransient(inner),
        _ => false,
    };

    /// <summary>
    /// The database or the broker cannot be reached (refused, reset, shutting down, too many connections, timed out),
    /// however deeply the cause is wrapped (EF Core wraps it in an InvalidOperationException). Not the message's fault:
    /// never counted towards poison.
    /// </summary>
    public static bool IsOutage(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException pg when pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                    || pg.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                        or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections:
                    return true;
                case PostgresException:
                    return false;
                case NpgsqlException { InnerException: SocketException or IOException or TimeoutException }:
                case NpgsqlException npgsql when npgsql.Message.Contains("Exception while", StringComparison.Ordinal):
                case SocketException or TimeoutException:
                case BrokerUnreachableException or AlreadyClosedException or ConnectFailureException:
                    return true;
            }
        }

        return false;
    }

    public static void Configure(ResiliencePipelineBuilder builder) =>
        builder.AddRetry(new RetryStrategyOptions
        {
            // Conflicts only: an outage is left to the consumer's retry policy, which waits much longer.
            ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => IsTransient(ex) && !IsOutage(ex)),
            MaxRetryAttempts = 6,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(50),
        });
}
