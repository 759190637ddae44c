using InfoSharing.Data;
using InfoSharing.Data.Terminology;
using InfoSharing.Domain.Terminology;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Worker.Features.Terminology;

/// <summary>
/// The indicator value sets in force on this replica: the built-in ones, each replaced by the latest version imported
/// for its kind. Before each message is mapped and each flag evaluation, <see cref="RefreshAsync"/> asks PostgreSQL
/// for the highest import sequence (one indexed row) and reloads only when it changed, so every replica maps with the
/// same versions from the moment an import commits, without a restart.
/// </summary>
public sealed partial class TerminologyState(ILogger<TerminologyState> logger) : IDisposable
{
    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile Snapshot _current = new(0, IndicatorTerminology.BuiltIn);

    public IndicatorTerminology Current => _current.Terminology;

    public void Dispose() => _reload.Dispose();

    /// <summary>The import sequence the current value sets reflect (0: built-in only).</summary>
    public long Generation => _current.Generation;

    public async Task<IndicatorTerminology> RefreshAsync(InfoSharingDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var latest = await db.ValueSetVersions.MaxAsync(v => (long?)v.Seq, cancellationToken) ?? 0;
        if (latest == _current.Generation)
        {
            return _current.Terminology;
        }

        await _reload.WaitAsync(cancellationToken);
        try
        {
            if (latest != _current.Generation)
            {
                var loaded = await ValueSetsInForce.LoadAsync(db, cancellationToken);
                _current = new Snapshot(latest, loaded);
                LogLoaded(latest, Describe(loaded));
            }

            return _current.Terminology;
        }
        finally
        {
            _reload.Release();
        }
    }

    /// <summary>One line naming each kind's version and origin, for the log.</summary>
    public static string Describe(IndicatorTerminology terminology)
    {
        ArgumentNullException.ThrowIfNull(terminology);
        return string.Join("; ", terminology.ValueSets.Values.Select(v => v.ToString()));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Indicator value sets in force (import {Generation}): {ValueSets}")]
    private partial void LogLoaded(long generation, string valueSets);

    private sealed record Snapshot(long Generation, IndicatorTerminology Terminology);
}
