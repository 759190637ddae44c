using InfoSharing.Data.Audit;
using Microsoft.Extensions.Options;

namespace InfoSharing.Worker.Features.Audit;

/// <summary>
/// Writes a signed checkpoint of the chain's head when it has grown and <see cref="AuditOptions.CheckpointInterval"/>
/// has passed since the last one (and when the sealer stops): a line appended to the checkpoint file and the same
/// line in the log, two places outside the database. Only the sealer writes them.
/// </summary>
public sealed partial class AuditCheckpointWriter(IOptions<AuditOptions> options, AuditKeyRing keys, TimeProvider time, ILogger<AuditCheckpointWriter> logger)
{
    private long _writtenSeq;
    private DateTimeOffset _writtenAt = DateTimeOffset.MinValue;

    public async Task<AuditCheckpoint?> MaybeWriteAsync(long? headSeq, byte[]? headHash, bool force, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (headSeq is not { } seq || headHash is null || seq <= _writtenSeq || (!force && now - _writtenAt < options.Value.CheckpointInterval))
        {
            return null;
        }

        var checkpoint = AuditCheckpoint.Sign(seq, headHash, now, keys);
        var path = await AuditCheckpointFiles.AppendAsync(options.Value.CheckpointDirectory!, checkpoint, cancellationToken);
        LogCheckpoint(checkpoint.ToJson(), path);
        _writtenSeq = seq;
        _writtenAt = now;
        return checkpoint;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit checkpoint {Checkpoint} written to {Path}")]
    private partial void LogCheckpoint(string checkpoint, string path);
}
