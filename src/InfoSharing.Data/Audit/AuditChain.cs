using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace InfoSharing.Data.Audit;

/// <summary>
/// The hash chain: canonical forms, hashing and verification. A seal's hash covers the entry, its position and the
/// previous seal's hash, so any change, removal or reordering breaks the chain from that seal on.
/// <list type="bullet">
/// <item>Encoding 2 (<see cref="KeyedEncoding"/>, every seal written now): HMAC-SHA256, with a key that is not in the
/// database, of the fields "infosharing.audit/2", seq, id, recorded_at (UTC, microseconds, ISO 8601), kind, actor,
/// role, purpose, subject ids (sorted), content (canonical JSON), previous hash (bytes) and key id, each
/// length-prefixed (<see cref="LengthPrefixed"/>), so that no two entries share a form.</item>
/// <item>Encoding 1 (<see cref="LegacyEncoding"/>, seals made before keys): SHA-256 of seq | id | recorded_at | kind |
/// actor | role | purpose | subject ids | content | previous hash (hex) joined with '\n'. It is ambiguous (a newline
/// inside a field moves the boundaries) and anyone can recompute it; it is only verified, never written, and it may
/// not follow a keyed seal.</item>
/// </list>
/// </summary>
public static class AuditChain
{
    public const short LegacyEncoding = 1;

    public const short KeyedEncoding = 2;

    /// <summary>Encoding 2's bytes (before the HMAC).</summary>
    public static byte[] KeyedCanonicalForm(AuditEntry entry, long seq, byte[] previousHash, string keyId)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(previousHash);
        return new LengthPrefixed()
            .Text("infosharing.audit/2")
            .Number(seq)
            .Text(entry.Id.ToString("D"))
            .Text(RecordedAtText(entry.RecordedAt))
            .Text(entry.Kind)
            .Text(entry.Actor)
            .Text(entry.ActorRole)
            .Text(entry.Purpose)
            .List(entry.SubjectIds.Order().Select(g => g.ToString("D")))
            .Text(entry.Content)
            .Bytes(previousHash)
            .Text(keyId)
            .ToArray();
    }

    public static byte[] ComputeLegacyHash(AuditEntry entry, long seq, byte[] previousHash)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(previousHash);
        return SHA256.HashData(Encoding.UTF8.GetBytes(LegacyCanonicalForm(entry, seq, previousHash)));
    }

    /// <summary>Encoding 1's text: fields joined with newlines, unescaped (kept so that entries sealed with it still verify).</summary>
    public static string LegacyCanonicalForm(AuditEntry entry, long seq, byte[] previousHash)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(previousHash);
        return string.Join(
            '\n',
            seq.ToString(CultureInfo.InvariantCulture),
            entry.Id.ToString("D"),
            RecordedAtText(entry.RecordedAt),
            entry.Kind,
            entry.Actor,
            entry.ActorRole ?? string.Empty,
            entry.Purpose ?? string.Empty,
            string.Join(',', entry.SubjectIds.Order().Select(g => g.ToString("D"))),
            entry.Content,
            Convert.ToHexStringLower(previousHash));
    }

    /// <summary>The hash a seal must carry for its entry, by the seal's encoding (and key).</summary>
    public static byte[] ComputeHash(AuditEntry entry, AuditSeal seal, AuditKeyRing keys)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(seal);
        ArgumentNullException.ThrowIfNull(keys);
        return seal.Encoding switch
        {
            LegacyEncoding => ComputeLegacyHash(entry, seal.Seq, seal.PreviousHash),
            KeyedEncoding => keys.Mac(seal.KeyId!, KeyedCanonicalForm(entry, seal.Seq, seal.PreviousHash, seal.KeyId!)),
            _ => throw new InvalidOperationException($"Seal {seal.Seq} uses encoding {seal.Encoding}, which this version does not know."),
        };
    }

    /// <summary>The next seal after <paramref name="previousHash"/>: encoding 2 with the ring's current key.</summary>
    public static AuditSeal Seal(AuditEntry entry, long seq, byte[] previousHash, AuditKeyRing keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var seal = new AuditSeal { Seq = seq, EntryId = entry.Id, Encoding = KeyedEncoding, KeyId = keys.CurrentKeyId, PreviousHash = previousHash };
        seal.Hash = ComputeHash(entry, seal, keys);
        return seal;
    }

    /// <summary>Canonical JSON of any content: object keys sorted ordinally, no insignificant whitespace.</summary>
    public static string Canonical(object content)
    {
        var node = JsonSerializer.SerializeToNode(content, JsonOptions);
        return Sort(node)?.ToJsonString() ?? "null";
    }

    internal static string RecordedAtText(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sort(p.Value?.DeepClone())))),
        JsonArray array => new JsonArray(array.Select(n => Sort(n?.DeepClone())).ToArray()),
        _ => node?.DeepClone(),
    };

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
