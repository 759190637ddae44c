using InfoSharing.Data.Audit;

namespace InfoSharing.AuditBench;

/// <summary>The real sealer, run as the worker's hosted service runs it: catch up a backlog, or poll in the background.</summary>
internal sealed class BenchSealer : IAsyncDisposable
{
    /// <summary>A key made for this run, as a deployment's secret store would hold one.</summary>
    public static readonly AuditKeyRing Keys = new("bench", new Dictionary<string, byte[]> { ["bench"] = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32) });

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private BenchSealer(string connectionString, TimeSpan poll) => _loop = RunAsync(connectionString, poll, _stop.Token);

    public static BenchSealer Start(string connectionString, TimeSpan poll) => new(connectionString, poll);

    public static async Task<long> SealAllAsync(string connectionString)
    {
        await using var sealer = await AuditSealer.TryLeadAsync(connectionString, Keys, TimeProvider.System, CancellationToken.None)
            ?? throw new InvalidOperationException("Another sealer leads.");
        long total = 0;
        SealRound round;
        do
        {
            round = await sealer.SealAsync(5_000, CancellationToken.None);
            total += round.Sealed;
        }
        while (round.Full);

        return total;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private static async Task RunAsync(string connectionString, TimeSpan poll, CancellationToken cancellationToken)
    {
        await using var sealer = await AuditSealer.TryLeadAsync(connectionString, Keys, TimeProvider.System, cancellationToken)
            ?? throw new InvalidOperationException("Another sealer leads.");
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!(await sealer.SealAsync(5_000, cancellationToken)).Full)
            {
                await Task.Delay(poll, cancellationToken);
            }
        }
    }
}
