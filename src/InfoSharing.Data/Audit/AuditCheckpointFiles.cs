using System.Globalization;

namespace InfoSharing.Data.Audit;

/// <summary>
/// Checkpoints as files: one JSON line per checkpoint, appended to <c>audit-checkpoints-YYYYMMDD.jsonl</c> (UTC
/// day) in the configured directory and flushed to disk. The directory belongs outside the database's reach: another
/// volume, host or an object store synchronised from it.
/// </summary>
public static class AuditCheckpointFiles
{
    private const string Prefix = "audit-checkpoints-";
    private const string Suffix = ".jsonl";

    public static async Task<string> AppendAsync(string directory, AuditCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(checkpoint);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, Prefix + checkpoint.At.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + Suffix);
        await using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.Asynchronous);
        await using (var writer = new StreamWriter(file, leaveOpen: true))
        {
            await writer.WriteAsync((checkpoint.ToJson() + "\n").AsMemory(), cancellationToken);
        }

        file.Flush(flushToDisk: true);
        return path;
    }

    /// <summary>
    /// The latest checkpoint in <paramref name="directory"/>: in the newest file, the line with the highest seq (a
    /// line cut short by a crash is passed over). Null when there is none. Its MAC is not checked here.
    /// </summary>
    public static (AuditCheckpoint Checkpoint, string Source)? ReadLatest(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return null;
        }

        foreach (var path in Directory.GetFiles(directory, Prefix + "*" + Suffix).Order(StringComparer.Ordinal).Reverse())
        {
            var latest = File.ReadAllLines(path)
                .Select((line, index) => (Checkpoint: AuditCheckpoint.Parse(line), Line: index + 1))
                .Where(l => l.Checkpoint is not null)
                .MaxBy(l => (l.Checkpoint!.Seq, l.Line));
            if (latest.Checkpoint is { } checkpoint)
            {
                return (checkpoint, string.Create(CultureInfo.InvariantCulture, $"{path}:{latest.Line}"));
            }
        }

        return null;
    }
}
