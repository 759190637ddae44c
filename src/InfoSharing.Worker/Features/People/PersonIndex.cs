using System.Globalization;
using System.Text.Json;
using InfoSharing.Data;
using InfoSharing.Data.Audit;
using InfoSharing.Data.Ingest;
using InfoSharing.Data.People;
using InfoSharing.Domain.People;
using InfoSharing.Matching;
using InfoSharing.Matching.Live;
using InfoSharing.Matching.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PersonRecord = InfoSharing.Data.People.PersonRecord;

namespace InfoSharing.Worker.Features.People;

/// <summary>The person a record resolved to, with the rule and confidence of that decision.</summary>
public sealed record ResolvedPerson(Person Person, PersonRecord Record);

/// <summary>
/// Decides who each person record is (docs/decisions/0008): a trusted NHS number joins its person; otherwise the
/// Fellegi-Sunter matcher scores the records that share a blocking key with it. A match joins that person; no match
/// creates one; a possible match (or several matching persons) creates a person of its own and opens a review task,
/// so that nobody is flagged on an uncertain link. Every record keeps the weight, each field's contribution, the
/// blocking rule and the model version, and so does its audit entry.
/// </summary>
public sealed class PersonIndex(LiveMatcher matcher, IOptions<PersonIndexOptions> options, TimeProvider time)
{
    public const string NhsNumberRule = "nhs-number-exact";
    public const string ProbabilisticRule = "probabilistic";
    public const string NewPersonRule = "new-person";
    private const string Actor = "worker:person-index";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<ResolvedPerson> ResolveAsync(
        InfoSharingDbContext db, InboundMessage source, PersonDetails details, string role, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(details);
        var now = time.GetUtcNow();
        var recordId = Guid.CreateVersion7();
        var incoming = PreparedPerson.Prepare(Matching.PersonRecord.From(details, recordId.ToString()));

        // Whoever else could find this record, or be found by it, waits here until this transaction commits.
        await db.Database.ExecuteSqlAsync(
            $"SELECT pg_advisory_xact_lock(k) FROM (SELECT unnest({RecordKeys.LockIds(incoming)}::bigint[]) AS k ORDER BY 1) s",
            cancellationToken);

        var found = await CandidateLoader.LoadAsync(db, incoming, source.Agency, details.LocalId, options.Value.MaxRecordsPerKey, cancellationToken);
        var candidates = found.Candidates.Concat(PendingCandidates(db, incoming)).ToList();
        var result = matcher.Matcher.Match(incoming, candidates);
        var (person, decision, matchRule, best) = await DecideAsync(db, details, result, cancellationToken);

        var created = person is null;
        person ??= NewPerson(db, details, now);
        var linkRule = created ? NewPersonRule : matchRule == MatchRules.NhsNumberExact ? NhsNumberRule : ProbabilisticRule;
        var record = new PersonRecord
        {
            Id = recordId,
            PersonId = person.Id,
            InboundMessageId = source.Id,
            Agency = source.Agency,
            Role = role,
            LocalId = details.LocalId,
            NhsNumber = details.NhsNumber?.Value,
            NhsNumberValid = details.NhsNumber?.IsValid ?? false,
            GivenName = details.GivenName,
            FamilyName = details.FamilyName,
            BirthDate = details.BirthDate,
            Sex = details.Sex,
            Postcode = details.Postcode,
            LinkRule = linkRule,
            LinkConfidence = created || linkRule == NhsNumberRule ? 1m : Confidence(best!.Probability),
            MatchDecision = Code(decision),
            MatchRule = matchRule,
            MatchWeight = best?.Weight,
            MatchContributions = best is null ? null : JsonSerializer.Serialize(best.Contributions, Json),
            BlockingRule = best?.BlockingRule,
            ModelVersion = result.ModelVersion,
            CreatedAt = now,
        };
        db.PersonRecords.Add(record);
        db.BlockingKeys.AddRange(RecordKeys.Stored(record.Id, incoming));

        var review = decision == MatchDecision.PossibleMatch ? OpenReview(db, record, result, now) : null;
        db.Record(AuditLog.PersonLinked, Actor, now, [person.Id, record.Id, source.Id], new
        {
            personRecordId = record.Id,
            personId = person.Id,
            decision = created ? "created" : "joined",
            rule = linkRule,
            matchDecision = record.MatchDecision,
            matchRule,
            confidence = record.LinkConfidence,
            weight = best?.Weight,
            probability = best?.Probability,
            contributions = best?.Contributions,
            blockingRule = best?.BlockingRule,
            modelVersion = result.ModelVersion,
            candidatePersons = result.Candidates.Count,
            skippedBlockingKeys = found.SkippedKeys,
            reviewTaskId = review?.Id,
            agency = source.Agency,
            inboundMessageId = source.Id,
            role,
            nhsNumberTrusted = details.TrustedNhsNumber is not null,
        });
        return new ResolvedPerson(person, record);
    }

    /// <summary>The person to join (null: a new one), the decision, the rule, and the score that explains it.</summary>
    private static async Task<(Person? Person, MatchDecision Decision, string Rule, PairScore? Best)> DecideAsync(
        InfoSharingDbContext db, PersonDetails details, MatchResult result, CancellationToken cancellationToken)
    {
        var byNhs = await FindByNhsNumberAsync(db, details.TrustedNhsNumber, cancellationToken);
        if (byNhs is not null)
        {
            var score = result.Candidates.FirstOrDefault(c => c.PersonId == byNhs.Id.ToString())?.Score;
            return (byNhs, MatchDecision.Match, MatchRules.NhsNumberExact, score);
        }

        var best = result.Best?.Score;
        if (result.Decision != MatchDecision.Match)
        {
            return (null, result.Decision, result.Rule, best);
        }

        var id = Guid.Parse(result.PersonId!, CultureInfo.InvariantCulture);
        var person = db.Persons.Local.FirstOrDefault(p => p.Id == id) ?? await LockPersonAsync(db, id, cancellationToken);
        if (person.MergedIntoPersonId is not null)
        {
            // A reviewer merged this person between the candidate query and the lock: retried, it reads the moved records.
            throw new DbUpdateConcurrencyException("The matched person was merged while it was being joined.");
        }

        if (details.TrustedNhsNumber is { } nhs)
        {
            if (person.NhsNumber is not null)
            {
                // The person already has another number (the record that carried it was not the one scored): ask.
                return (null, MatchDecision.PossibleMatch, MatchRules.NhsNumberConflict, best);
            }

            // A race with another replica on the same new number ends in the unique index and a retry.
            person.NhsNumber = nhs;
        }

        return (person, MatchDecision.Match, result.Rule, best);
    }

    /// <summary>Holds the row against a concurrent manual merge (which takes it FOR UPDATE) until this transaction ends.</summary>
    private static Task<Person> LockPersonAsync(InfoSharingDbContext db, Guid id, CancellationToken cancellationToken) =>
        db.Persons.FromSql($"SELECT * FROM person.persons WHERE id = {id} FOR SHARE").SingleAsync(cancellationToken);

    private static Person NewPerson(InfoSharingDbContext db, PersonDetails details, DateTimeOffset now)
    {
        // A race with another replica on the same new number ends in a unique violation; the transaction is
        // re-run and then finds the winner's row.
        var person = new Person { Id = Guid.CreateVersion7(), NhsNumber = details.TrustedNhsNumber, CreatedAt = now };
        db.Persons.Add(person);
        return person;
    }

    private ReviewTask OpenReview(InfoSharingDbContext db, PersonRecord record, MatchResult result, DateTimeOffset now)
    {
        var candidates = result.Candidates
            .Where(c => c.Score.Decision != MatchDecision.NoMatch)
            .Take(options.Value.MaxReviewCandidates)
            .Select(c => new ReviewCandidate(
                Guid.Parse(c.PersonId, CultureInfo.InvariantCulture), c.Score.Weight, c.Score.Probability, Code(c.Score.Decision), c.Score.Rule, c.Score.BlockingRule,
                Guid.TryParse(c.Score.RightId, CultureInfo.InvariantCulture, out var scored) ? scored : null, c.Score.Contributions))
            .ToList();
        var task = new ReviewTask
        {
            Id = Guid.CreateVersion7(),
            PersonRecordId = record.Id,
            Rule = record.MatchRule!,
            Candidates = JsonSerializer.Serialize(candidates, Json),
            ModelVersion = result.ModelVersion,
            CreatedAt = now,
        };
        db.ReviewTasks.Add(task);
        db.Record(AuditLog.ReviewOpened, Actor, now, [task.Id, record.Id, record.PersonId, .. candidates.Select(c => c.PersonId)], new
        {
            reviewTaskId = task.Id,
            personRecordId = record.Id,
            personId = record.PersonId,
            rule = task.Rule,
            candidates,
            modelVersion = task.ModelVersion,
        });
        return task;
    }

    /// <summary>Records added earlier in this transaction (another person in the same message) that share a key.</summary>
    private static IEnumerable<MatchCandidate> PendingCandidates(InfoSharingDbContext db, PreparedPerson incoming)
    {
        var probes = RecordKeys.Probes(incoming).ToHashSet();
        foreach (var pending in db.PersonRecords.Local)
        {
            var prepared = PreparedPerson.Prepare(RecordKeys.ToMatching(pending));
            var hit = RecordKeys.Stored(pending.Id, prepared).FirstOrDefault(k => probes.Contains((k.Rule, k.Key)));
            if (hit is not null)
            {
                yield return new MatchCandidate(pending.PersonId.ToString(), prepared, hit.Rule);
            }
        }
    }

    private static decimal Confidence(double probability) => Math.Round((decimal)probability, 4, MidpointRounding.ToZero);

    private static string Code(MatchDecision decision) => decision switch
    {
        MatchDecision.Match => "match",
        MatchDecision.PossibleMatch => "possible-match",
        _ => "no-match",
    };

    private static async Task<Person?> FindByNhsNumberAsync(InfoSharingDbContext db, string? nhsNumber, CancellationToken cancellationToken)
    {
        if (nhsNumber is null)
        {
            return null;
        }

        var person = db.Persons.Local.FirstOrDefault(p => p.NhsNumber == nhsNumber)
            ?? await db.Persons.FirstOrDefaultAsync(p => p.NhsNumber == nhsNumber, cancellationToken);

        // A reviewer merged the person holding this number into another (that kept its own number): follow the merge.
        while (person?.MergedIntoPersonId is { } into)
        {
            person = await db.Persons.SingleAsync(p => p.Id == into, cancellationToken);
        }

        return person;
    }
}

/// <summary>
/// One candidate person of a review task, as stored in person.review_tasks.candidates: the score against the
/// candidate's best record (<see cref="RecordId"/>) and what each comparison contributed, so that a reviewer sees the
/// evidence the matcher had (tasks opened before these were kept have neither).
/// </summary>
public sealed record ReviewCandidate(
    Guid PersonId, double Weight, double Probability, string Decision, string Rule, string? BlockingRule, Guid? RecordId, IReadOnlyList<FieldContribution> Contributions);
