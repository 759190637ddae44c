using InfoSharing.Data;
using InfoSharing.Data.People;
using InfoSharing.Matching;
using InfoSharing.Matching.Live;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using PersonRecord = InfoSharing.Data.People.PersonRecord;

namespace InfoSharing.Worker.Features.People;

/// <summary>
/// What the person index knows within one batch transaction: the persons it loaded or created (by id and by NHS
/// number), the records it resolved so far (indexed by blocking key, so that a later record of the same batch finds
/// them without scanning), the existing persons it joined (locked before the batch writes about them), and the
/// blocking keys to write (by binary COPY, after the records are saved).
/// </summary>
public sealed class PersonBatch
{
    private readonly Dictionary<Guid, Person> _persons = [];
    private readonly Dictionary<string, Person> _byNhsNumber = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Rule, string Key), List<(Guid RecordId, MatchCandidate Candidate)>> _pending = [];
    private readonly HashSet<Guid> _joined = [];
    private readonly List<BlockingKey> _keys = [];

    /// <summary>Every person this batch resolved a record to (new and existing).</summary>
    public IEnumerable<Guid> PersonIds => _persons.Keys;

    /// <summary>Loads, in one query, the persons the candidates name and those holding the trusted NHS numbers.</summary>
    public async Task LoadPersonsAsync(InfoSharingDbContext db, IEnumerable<Guid> ids, IEnumerable<string> nhsNumbers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var idList = ids.Where(id => !_persons.ContainsKey(id)).Distinct().ToList();
        var numbers = nhsNumbers.Where(n => !_byNhsNumber.ContainsKey(n)).Distinct(StringComparer.Ordinal).ToList();
        if (idList.Count == 0 && numbers.Count == 0)
        {
            return;
        }

        var loaded = await db.Persons
            .Where(p => idList.Contains(p.Id) || (p.NhsNumber != null && numbers.Contains(p.NhsNumber)))
            .ToListAsync(cancellationToken);
        foreach (var person in loaded)
        {
            Remember(person);
        }
    }

    /// <summary>A person by id: from this batch, else loaded.</summary>
    public async Task<Person> PersonAsync(InfoSharingDbContext db, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!_persons.TryGetValue(id, out var person))
        {
            person = await db.Persons.SingleAsync(p => p.Id == id, cancellationToken);
            Remember(person);
        }

        return person;
    }

    /// <summary>The person holding a trusted NHS number, following a reviewer's merges to the person that now holds its records.</summary>
    public async Task<Person?> FindByNhsNumberAsync(InfoSharingDbContext db, string? nhsNumber, CancellationToken cancellationToken)
    {
        if (nhsNumber is null || !_byNhsNumber.TryGetValue(nhsNumber, out var person))
        {
            return null;
        }

        while (person.MergedIntoPersonId is { } into)
        {
            person = await PersonAsync(db, into, cancellationToken);
        }

        return person;
    }

    public void Created(Person person)
    {
        ArgumentNullException.ThrowIfNull(person);
        Remember(person);
    }

    /// <summary>An existing person a record joined: locked before anything is written about them.</summary>
    public void Joined(Person person)
    {
        ArgumentNullException.ThrowIfNull(person);
        _joined.Add(person.Id);
    }

    /// <summary>A record resolved in this batch: a candidate for the later ones, and its blocking keys to write.</summary>
    public void AddRecord(PersonRecord record, PreparedPerson prepared)
    {
        ArgumentNullException.ThrowIfNull(record);
        foreach (var key in RecordKeys.Stored(record.Id, prepared))
        {
            _keys.Add(key);
            if (!_pending.TryGetValue((key.Rule, key.Key), out var list))
            {
                _pending[(key.Rule, key.Key)] = list = [];
            }

            list.Add((record.Id, new MatchCandidate(record.PersonId.ToString(), prepared, key.Rule)));
        }

        if (_persons.TryGetValue(record.PersonId, out var person) && person.NhsNumber is { } nhs)
        {
            _byNhsNumber[nhs] = person;
        }
    }

    /// <summary>Records resolved earlier in this batch that share a probe key with the incoming one (credited to the first rule that finds each).</summary>
    public IEnumerable<MatchCandidate> PendingCandidates(PreparedPerson incoming)
    {
        var seen = new HashSet<Guid>();
        foreach (var (rule, key) in RecordKeys.Probes(incoming))
        {
            if (!_pending.TryGetValue((rule, key), out var hits))
            {
                continue;
            }

            foreach (var (recordId, candidate) in hits)
            {
                if (seen.Add(recordId))
                {
                    yield return candidate with { BlockingRule = rule };
                }
            }
        }
    }

    /// <summary>
    /// Locks the existing persons this batch joined (FOR UPDATE, in id order, so two batches never wait on each other
    /// in a circle) and checks none was merged meanwhile. Held to commit: a concurrent message about the same person
    /// waits, then reads what this one wrote.
    /// </summary>
    public async Task LockJoinedPersonsAsync(InfoSharingDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (_joined.Count == 0)
        {
            return;
        }

        var ids = _joined.Order().ToArray();
        // Not composed by EF (a locking query must stay at the top level).
        var merged = await db.Database
            .SqlQuery<bool>($"SELECT merged_into_person_id IS NOT NULL AS \"Value\" FROM person.persons WHERE id = ANY({ids}) ORDER BY id FOR UPDATE")
            .ToListAsync(cancellationToken);
        if (merged.Contains(true))
        {
            throw new DbUpdateConcurrencyException("A person this batch joined was merged by a reviewer meanwhile.");
        }
    }

    /// <summary>Writes the batch's blocking keys by binary COPY (after the records they reference are saved).</summary>
    public async Task WriteBlockingKeysAsync(InfoSharingDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (_keys.Count == 0)
        {
            return;
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY person.blocking_keys (rule, key, person_record_id) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var key in _keys)
            {
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(key.Rule, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(key.Key, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(key.PersonRecordId, NpgsqlDbType.Uuid, cancellationToken);
            }

            await writer.CompleteAsync(cancellationToken);
        }

        _keys.Clear();
    }

    private void Remember(Person person)
    {
        _persons[person.Id] = person;
        if (person.NhsNumber is { } nhs)
        {
            _byNhsNumber.TryAdd(nhs, person);
        }
    }
}
