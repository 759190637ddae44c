using Npgsql;
using Polly;
using Polly.Retry;
using RabbitMQ.Client.Exceptions;

namespace InfoSharing.Worker.Features.Ingest;

/// <summary>Which failures are worth retrying, and the one Polly pipeline that retries database transactions.</summary>
public static class TransientFailures
{
    public const string DatabasePipeline = "database-transaction";

    /// <summary>Serialization failures, deadlocks, unique-key races and optimistic-concurrency misses between replicas succeed when the transaction is re-run.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        PostgresException pg => pg.SqlState is PostgresErrorCodes.SerializationFailure
            or PostgresErrorCodes.DeadlockDetected
            or PostgresErrorCodes.UniqueViolation
            || pg.IsTransient,
        NpgsqlException npgsql => npgsql.IsTransient,
        // Another replica changed or removed a row this transaction read: re-running it reads the new state.
        Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException => true,
        Microsoft.EntityFrameworkCore.DbUpdateException { InnerException: { } inner } => IsTransient(inner),
        TimeoutException or BrokerUnreachableException or AlreadyClosedException => true,
        _ => false,
    };

    public static void Configure(ResiliencePipelineBuilder builder) =>
        builder.AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
            MaxRetryAttempts = 6,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(50),
        });
}
