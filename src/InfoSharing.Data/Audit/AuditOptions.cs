using System.Security.Cryptography;

namespace InfoSharing.Data.Audit;

/// <summary>
/// The audit chain's keys and checkpoints (section <c>Audit</c>). The keys never live in the database: a database
/// administrator who rewrites entries cannot recompute their seals, and checkpoints of the head written outside it
/// show a chain cut short.
/// </summary>
public sealed class AuditOptions
{
    public const string SectionName = "Audit";

    /// <summary>The id of the key new seals and checkpoints use; it must be one of <see cref="ChainKeys"/>.</summary>
    public string? ChainKeyId { get; set; }

    /// <summary>
    /// Every key the chain has used, by id, as base64 of at least 32 random bytes (a secret store's value, e.g.
    /// <c>Audit__ChainKeys__k2027a</c>). Keep retired keys here: verify needs them for the seals they made.
    /// </summary>
    public Dictionary<string, string> ChainKeys { get; set; } = [];

    /// <summary>Where the sealer appends signed checkpoints of the chain's head, and where verify reads the latest.</summary>
    public string? CheckpointDirectory { get; set; }

    /// <summary>How often the sealer writes a checkpoint when the chain has grown (also when it stops).</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The key id used only in Development (appsettings.Development.json); refused in any other environment.</summary>
    public const string DevelopmentKeyId = "development";

    /// <summary>SHA-256 of the published development key, so that it is refused outside Development under any id.</summary>
    private const string DevelopmentKeySha256 = "031261532790c3b99165c604dd0dfa7339d67bcd6346422ad9848401889ccd6b";

    public const int MinimumKeyBytes = 32;

    /// <summary>Every problem with these settings, each naming the setting; empty when they are usable.</summary>
    public IEnumerable<string> Problems(bool development, bool requireCheckpointDirectory)
    {
        if (string.IsNullOrWhiteSpace(ChainKeyId))
        {
            yield return "Set Audit:ChainKeyId to the id of the audit chain key in use (and Audit:ChainKeys:<id> to the key, from the secret store).";
        }
        else if (!ChainKeys.ContainsKey(ChainKeyId))
        {
            yield return $"Audit:ChainKeyId is '{ChainKeyId}' but there is no Audit:ChainKeys:{ChainKeyId}.";
        }

        foreach (var (id, value) in ChainKeys)
        {
            var key = Decode(value);
            if (key is null || key.Length < MinimumKeyBytes)
            {
                yield return $"Audit:ChainKeys:{id} must be base64 of at least {MinimumKeyBytes} random bytes.";
            }
            else if (!development && (id == DevelopmentKeyId || Convert.ToHexStringLower(SHA256.HashData(key)) == DevelopmentKeySha256))
            {
                yield return $"Audit:ChainKeys:{id} is the published development key; outside Development supply a key of your own from the secret store.";
            }
        }

        if (requireCheckpointDirectory && string.IsNullOrWhiteSpace(CheckpointDirectory))
        {
            yield return "Set Audit:CheckpointDirectory: the sealer writes signed checkpoints of the chain's head there (outside the database).";
        }

        if (CheckpointInterval < TimeSpan.FromSeconds(1) || CheckpointInterval > TimeSpan.FromDays(1))
        {
            yield return "Audit:CheckpointInterval must be between 00:00:01 and 1.00:00:00.";
        }
    }

    internal static byte[]? Decode(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value.Trim(), buffer, out var written) ? buffer[..written] : null;
    }
}
