using System.Text.Json;
using InfoSharing.Api.Auditing;
using InfoSharing.Api.Features.People;
using InfoSharing.Api.Http;
using InfoSharing.Data;
using InfoSharing.Data.People;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Api.Features.Reviews;

/// <summary>What an agency record said about a person (the fields the matcher compares), and where it came from.</summary>
public sealed record RecordFields(
    Guid PersonRecordId,
    Guid PersonId,
    string Agency,
    string Role,
    string? LocalId,
    string? NhsNumber,
    bool NhsNumberValid,
    string? GivenName,
    string? FamilyName,
    DateOnly? BirthDate,
    string Sex,
    string? Postcode,
    Guid InboundMessageId,
    string? MessageId,
    DateTimeOffset RecordedAt);

/// <summary>
/// One candidate of a possible match: the score, the candidate's record that was scored, what each field
/// contributed (prior weight first: the weight every pair starts from), and the children the candidate is linked to.
/// </summary>
public sealed record ReviewCandidateDetail(
    ReviewCandidateView Score,
    RecordFields? ScoredRecord,
    double? PriorWeight,
    IReadOnlyList<FieldWeight> Contributions,
    PersonLinksResponse? Person);

/// <summary>One possible match in full, for a reviewer to decide: GET /api/reviews/{reviewId} and the review page.</summary>
public sealed record ReviewDetailResponse(
    ReviewView Review,
    RecordFields Record,
    PersonLinksResponse? RecordPerson,
    IReadOnlyList<ReviewCandidateDetail> Candidates) : IReturnsIds
{
    public IEnumerable<ReturnedId> ReturnedIds() =>
        new[] { new ReturnedId("review", Review.ReviewId), new ReturnedId("person-record", Record.PersonRecordId), new ReturnedId("person", Record.PersonId) }
            .Concat(Candidates.Select(c => new ReturnedId("person", c.Score.PersonId)))
            .Concat(Candidates.Where(c => c.ScoredRecord is not null).Select(c => new ReturnedId("person-record", c.ScoredRecord!.PersonRecordId)))
            .Concat(new[] { RecordPerson }.Concat(Candidates.Select(c => c.Person)).OfType<PersonLinksResponse>().SelectMany(p => p.ReturnedIds()));
}

public static class ReviewDetail
{
    private static readonly Paging NoChanges = new(1, 0);

    /// <summary>Null when no review task has this id.</summary>
    public static async Task<ReviewDetailResponse?> LoadAsync(InfoSharingDbContext db, Guid reviewId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var task = await db.ReviewTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == reviewId, cancellationToken);
        if (task is null)
        {
            return null;
        }

        var record = await db.PersonRecords.AsNoTracking().SingleAsync(r => r.Id == task.PersonRecordId, cancellationToken);
        var review = ReviewList.View(task, record.PersonId, record.Agency);
        var candidateIds = review.Candidates.Select(c => c.PersonId).ToList();

        // The candidate's scored record; for tasks opened before it was kept, the candidate's latest record.
        var scoredIds = review.Candidates.Select(c => c.RecordId).OfType<Guid>().ToList();
        var records = await db.PersonRecords.AsNoTracking()
            .Where(r => r.Id == record.Id || scoredIds.Contains(r.Id) || candidateIds.Contains(r.PersonId))
            .OrderBy(r => r.CreatedAt)
            .ToListAsync(cancellationToken);
        var messageIds = records.Select(r => r.InboundMessageId).Distinct().ToList();
        var messages = await db.InboundMessages.AsNoTracking().Where(m => messageIds.Contains(m.Id))
            .ToDictionaryAsync(m => m.Id, m => m.MessageId, cancellationToken);
        RecordFields Fields(PersonRecord r) => new(
            r.Id, r.PersonId, r.Agency, r.Role, r.LocalId, r.NhsNumber, r.NhsNumberValid, r.GivenName, r.FamilyName, r.BirthDate,
            r.Sex.ToString().ToLowerInvariant(), r.Postcode, r.InboundMessageId, messages.GetValueOrDefault(r.InboundMessageId), r.CreatedAt);

        var recordContributions = Parse(record.MatchContributions);
        var candidates = new List<ReviewCandidateDetail>();
        for (var i = 0; i < review.Candidates.Count; i++)
        {
            var candidate = review.Candidates[i];
            var scored = candidate.RecordId is { } id ? records.FirstOrDefault(r => r.Id == id) : null;
            scored ??= records.LastOrDefault(r => r.PersonId == candidate.PersonId && r.Id != record.Id);
            var contributions = candidate.Contributions ?? (i == 0 ? recordContributions : []);
            double? prior = contributions.Count > 0 ? candidate.Weight - contributions.Sum(c => c.Weight) : null;
            candidates.Add(new ReviewCandidateDetail(
                candidate, scored is null ? null : Fields(scored), prior, contributions,
                await PersonLinks.LoadAsync(db, candidate.PersonId, null, NoChanges, cancellationToken)));
        }

        return new ReviewDetailResponse(review, Fields(record), await PersonLinks.LoadAsync(db, record.PersonId, null, NoChanges, cancellationToken), candidates);
    }

    private static List<FieldWeight> Parse(string? contributions) =>
        contributions is null ? [] : JsonSerializer.Deserialize<List<FieldWeight>>(contributions, ReviewList.Json) ?? [];
}
