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
using InfoSharing.Worker.Features.Ingest;
using PersonRecord = InfoSharing.Data.People.PersonRecord;

namespace InfoSharing.Worker.Features.People;

/// <summary>The person a record resolved to, with the rule and confidence of that decision.</summary>
public sealed record ResolvedPerson(Person Person, PersonRecord Record);

/// <summary>One record of a batch to resolve; <paramref name="Item"/> is the batch item (message) it came from, blamed if it fails.</summary>
public sealed record PersonToResolve(InboundMessage Source, PersonDetails Details, string Role, int Item);

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

    /// <summary>Resolves one record in its own batch (the live-match benchmark's unit).</summary>
    public async Task<ResolvedPerson> ResolveAsync(
        InfoSharingDbContext db, InboundMessage source, PersonDetails details, string role, CancellationToken cancellationToken)
    {
        var batch = new PersonBatch();
        var resolved = await ResolveAllAsync(db, batch, [new PersonToResolve(source, details, role, 0)], cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await batch.WriteBlockingKeysAsync(db, cancellationToken);
        return resolved[0];
    }

    /// <summary>
    /// Resolves every record of a batch, in order, set-based: the locks for all of them in one statement (bounded,
    /// deduplicated, sorted: <see cref="PersonLocks"/>), the candidates of all of them in one round trip, the persons
    /// those candidates and trusted NHS numbers name in another; then each record is matched in memory against its
    /// candidates and the records resolved before it in the same batch (an index by blocking key, not a scan), and the
    /// existing persons joined are locked (FOR UPDATE, in id order) so that concurrent messages about the same person
    /// are serialised and each sees the other's facts. The records' blocking keys are written by
    /// <see cref="PersonBatch.WriteBlockingKeysAsync"/> after the batch is saved.
    /// </summary>
    public async Task<IReadOnlyList<ResolvedPerson>> ResolveAllAsync(
        InfoSharingDbContext db, PersonBatch batch, IReadOnlyList<PersonToResolve> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(requests);
        var settings = options.Value;
        var prepared = requests.Select(r =>
        {
            var recordId = Guid.CreateVersion7();
            return (RecordId: recordId, Incoming: PreparedPerson.Prepare(Matching.PersonRecord.From(r.Details, recordId.ToString())));
        }).ToList();

        // Whoever else could find these records, or be found by them, waits here until this transaction commits.
        await PersonLocks.TakeAsync(db, PersonLocks.Buckets(prepared.Select(p => p.Incoming), settings.LockBuckets), settings.MaxLocksPerTransaction, cancellationToken);

        var found = await CandidateLoader.LoadAsync(
            db, prepared.Select((p, i) => new CandidateProbe(p.Incoming, requests[i].Source.Agency, requests[i].Details.LocalId)).ToList(),
            settings.MaxRecordsPerKey, cancellationToken);
        await batch.LoadPersonsAsync(
            db,
            found.SelectMany(f => f.Candidates).Select(c => Guid.Parse(c.PersonId, CultureInfo.InvariantCulture)),
            requests.Select(r => r.Details.TrustedNhsNumber).OfType<string>(),
            cancellationToken);

        var resolved = new List<ResolvedPerson>(requests.Count);
        for (var i = 0; i < requests.Count; i++)
        {
            try
            {
                resolved.Add(await ResolveOneAsync(db, batch, requests[i], prepared[i].RecordId, prepared[i].Incoming, found[i], cancellationToken));
            }
            catch (Exception ex) when (!TransientFailures.IsTransient(ex) && ex is not OperationCanceledException)
            {
                throw new BatchItemException(requests[i].Item, ex);
            }
        }

        await batch.LockJoinedPersonsAsync(db, cancellationToken);
        return resolved;
    }

    private async Task<ResolvedPerson> ResolveOneAsync(
        InfoSharingDbContext db, PersonBatch batch, PersonToResolve request, Guid recordId, PreparedPerson incoming, CandidateSet found, CancellationToken cancellationToken)
    {
        var (source, details, role) = (request.Source, request.Details, request.Role);
        var now = time.GetUtcNow();
        var candidates = found.Candidates.Concat(batch.PendingCandidates(incoming)).ToList();
        var result = matcher.Matcher.Match(incoming, candidates);
        var (person, decision, matchRule, best) = await DecideAsync(db, batch, details, result, cancellationToken);

        var created = person is null;
        person ??= NewPerson(db, batch, details, now);
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
        batch.AddRecord(record, incoming);

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
        InfoSharingDbContext db, PersonBatch batch, PersonDetails details, MatchResult result, CancellationToken cancellationToken)
    {
        var byNhs = await batch.FindByNhsNumberAsync(db, details.TrustedNhsNumber, cancellationToken);
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
        var person = await batch.PersonAsync(db, id, cancellationToken);
        if (person.MergedIntoPersonId is not null)
        {
            // A reviewer merged this person after its records were indexed: retried, the candidates read the moved records.
            throw new DbUpdateConcurrencyException("The matched person was merged while it was being joined.");
        }

        batch.Joined(person);

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

    private static Person NewPerson(InfoSharingDbContext db, PersonBatch batch, PersonDetails details, DateTimeOffset now)
    {
        // A race with another replica on the same new number ends in a unique violation; the transaction is
        // re-run and then finds the winner's row.
        var person = new Person { Id = Guid.CreateVersion7(), NhsNumber = details.TrustedNhsNumber, CreatedAt = now };
        db.Persons.Add(person);
        batch.Created(person);
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

    private static decimal Confidence(double probability) => Math.Round((decimal)probability, 4, MidpointRounding.ToZero);

    private static string Code(MatchDecision decision) => decision switch
    {
        MatchDecision.Match => "match",
        MatchDecision.PossibleMatch => "possible-match",
        _ => "no-match",
    };
}

/// <summary>
/// One candidate person of a review task, as stored in person.review_tasks.candidates: the score against the
/// candidate's best record (<see cref="RecordId"/>) and what each comparison contributed, so that a reviewer sees the
/// evidence the matcher had (tasks opened before these were kept have neither).
/// </summary>
public sealed record ReviewCandidate(
    Guid PersonId, double Weight, double Probability, string Decision, string Rule, string? BlockingRule, Guid? RecordId, IReadOnlyList<FieldContribution> Contributions);
