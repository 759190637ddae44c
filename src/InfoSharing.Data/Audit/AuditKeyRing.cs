using System.Security.Cryptography;

namespace InfoSharing.Data.Audit;

/// <summary>The chain's HMAC keys by id (from configuration or a secret store, never the database), and the one in use.</summary>
public sealed class AuditKeyRing
{
    private readonly Dictionary<string, byte[]> _keys;

    public AuditKeyRing(string currentKeyId, IReadOnlyDictionary<string, byte[]> keys)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(currentKeyId);
        ArgumentNullException.ThrowIfNull(keys);
        _keys = keys.ToDictionary(k => k.Key, k => k.Value.ToArray(), StringComparer.Ordinal);
        if (!_keys.ContainsKey(currentKeyId))
        {
            throw new ArgumentException($"No key with id '{currentKeyId}'.", nameof(currentKeyId));
        }

        CurrentKeyId = currentKeyId;
    }

    public string CurrentKeyId { get; }

    /// <summary>From validated options (<see cref="AuditOptions.Problems"/> returned nothing).</summary>
    public static AuditKeyRing From(AuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var keys = options.ChainKeys.ToDictionary(k => k.Key, k => AuditOptions.Decode(k.Value)
            ?? throw new InvalidOperationException($"Audit:ChainKeys:{k.Key} is not base64."), StringComparer.Ordinal);
        return new AuditKeyRing(options.ChainKeyId!, keys);
    }

    public bool Knows(string? keyId) => keyId is not null && _keys.ContainsKey(keyId);

    /// <summary>HMAC-SHA256 of <paramref name="data"/> with the key <paramref name="keyId"/>.</summary>
    public byte[] Mac(string keyId, ReadOnlySpan<byte> data) =>
        _keys.TryGetValue(keyId, out var key)
            ? HMACSHA256.HashData(key, data)
            : throw new KeyNotFoundException($"No audit chain key with id '{keyId}'.");
}
