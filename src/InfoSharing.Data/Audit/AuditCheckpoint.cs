using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace InfoSharing.Data.Audit;

/// <summary>
/// A signed note of the chain's head (its last position and hash) at a moment, kept outside the database: a chain
/// that later ends before <see cref="Seq"/>, or has another hash there, was cut short or rewritten. The MAC uses the
/// chain's key, so nobody without it can write a checkpoint that verifies.
/// </summary>
public sealed record AuditCheckpoint(
    [property: JsonPropertyName("v")] int Version,
    [property: JsonPropertyName("seq")] long Seq,
    [property: JsonPropertyName("hash")] string Hash,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("keyId")] string KeyId,
    [property: JsonPropertyName("mac")] string Mac)
{
    public const int CurrentVersion = 1;

    public static AuditCheckpoint Sign(long seq, byte[] hash, DateTimeOffset at, AuditKeyRing keys)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(keys);
        var milliseconds = new DateTimeOffset(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        var unsigned = new AuditCheckpoint(CurrentVersion, seq, Convert.ToHexStringLower(hash), milliseconds, keys.CurrentKeyId, string.Empty);
        return unsigned with { Mac = Convert.ToHexStringLower(keys.Mac(keys.CurrentKeyId, unsigned.Signed())) };
    }

    /// <summary>True when the MAC is right for a key the ring holds.</summary>
    public bool Verifies(AuditKeyRing keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (Version != CurrentVersion || !keys.Knows(KeyId) || Mac.Length != 64)
        {
            return false;
        }

        var expected = keys.Mac(KeyId, Signed());
        return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(Mac));
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>A checkpoint from its JSON line (as written to the file and the log); null when it is not one.</summary>
    public static AuditCheckpoint? Parse(string line)
    {
        try
        {
            var checkpoint = JsonSerializer.Deserialize<AuditCheckpoint>(line, JsonOptions);
            return checkpoint is { Hash: not null, KeyId: not null, Mac: not null } ? checkpoint : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private byte[] Signed() => new LengthPrefixed()
        .Text("infosharing.audit-checkpoint/1")
        .Number(Seq)
        .Text(Hash)
        .Text(At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
        .Text(KeyId)
        .ToArray();

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };
}
