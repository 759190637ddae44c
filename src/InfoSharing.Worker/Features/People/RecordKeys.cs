using System.Security.Cryptography;
using System.Text;
using InfoSharing.Data.People;
using InfoSharing.Domain.People;
using InfoSharing.Matching;
using InfoSharing.Matching.Blocking;

namespace InfoSharing.Worker.Features.People;

/// <summary>
/// What the index stores and looks up for one record: its blocking keys, its probe keys, and the advisory locks
/// that serialise two transactions which could find each other's record. Pure.
/// </summary>
public static class RecordKeys
{
    public static BlockingRuleSet Rules => BlockingRuleSet.Default;

    /// <summary>The matching library's view of a stored or incoming record.</summary>
    public static Matching.PersonRecord ToMatching(Guid id, string? givenName, string? familyName, DateOnly? birthDate, AdministrativeSex sex, string? postcode, string? nhsNumber) =>
        Matching.PersonRecord.From(
            new PersonDetails
            {
                GivenName = givenName,
                FamilyName = familyName,
                BirthDate = birthDate,
                Sex = sex,
                Postcode = postcode,
                NhsNumber = nhsNumber is null ? null : NhsNumber.Parse(nhsNumber),
            },
            id.ToString());

    public static Matching.PersonRecord ToMatching(Data.People.PersonRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ToMatching(record.Id, record.GivenName, record.FamilyName, record.BirthDate, record.Sex, record.Postcode, record.NhsNumber);
    }

    /// <summary>The keys stored for a record, one per rule that blocks it.</summary>
    public static IReadOnlyList<BlockingKey> Stored(Guid recordId, PreparedPerson person) =>
        Rules.Items
            .Select(rule => (rule.Name, Key: rule.KeyFor(person)))
            .Where(k => k.Key is not null)
            .Select(k => new BlockingKey { Rule = k.Name, Key = k.Key!, PersonRecordId = recordId })
            .ToList();

    /// <summary>The keys a new record looks up, in rule order (the first rule that finds a record is credited).</summary>
    public static IReadOnlyList<(string Rule, string Key)> Probes(PreparedPerson person) =>
        Rules.Items
            .Select(rule => (rule.Name, Key: rule.ProbeKeyFor(person)))
            .Where(k => k.Key is not null)
            .Select(k => (k.Name, k.Key!))
            .ToList();

    /// <summary>
    /// One advisory lock id per (rule, value) the record stores or probes, sorted. Two records that could find each
    /// other share a value under some rule (one's probe key is the other's stored key), hence a lock: the second
    /// transaction waits for the first to commit and then finds its record.
    /// </summary>
    public static long[] LockIds(PreparedPerson person)
    {
        ArgumentNullException.ThrowIfNull(person);
        var ids = new SortedSet<long>();
        foreach (var rule in Rules.Items)
        {
            foreach (var value in new[] { rule.KeyFor(person), rule.ProbeKeyFor(person) })
            {
                if (value is not null)
                {
                    ids.Add(LockId(rule.Name, value));
                }
            }
        }

        return [.. ids];
    }

    public static long LockId(string rule, string value)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat("person-index\u001f", rule, "\u001f", value)), hash);
        return BitConverter.ToInt64(hash[..8]);
    }
}
