using System.Text.Json;
using InfoSharing.Api.Auditing;
using InfoSharing.Api.Http;
using InfoSharing.Data;
using InfoSharing.Data.People;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Api.Features.Reviews;

/// <summary>One candidate person of a review task and how the model scored the record against them.</summary>
public sealed record ReviewCandidateView(
    Guid PersonId,
    double Weight,
    double Probability,
    string Decision,
    string Rule,
    string? BlockingRule,
    Guid? RecordId = null,
    IReadOnlyList<FieldWeight>? Contributions = null);

/// <summary>What one comparison (field) added to the weight, in bits, at the agreement level it found.</summary>
public sealed record FieldWeight(string Comparison, string Level, double Weight, double TermFrequencyAdjustment);

/// <summary>A possible match: the record (now a person of its own), the candidates, and the decision once made.</summary>
public sealed record ReviewView(
    Guid ReviewId,
    Guid PersonRecordId,
    Guid PersonId,
    string Agency,
    string Rule,
    string ModelVersion,
    IReadOnlyList<ReviewCandidateView> Candidates,
    string Status,
    Guid? DecidedPersonId,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    DateTimeOffset CreatedAt);

public sealed record ReviewsResponse(Page<ReviewView> Reviews) : IReturnsIds
{
    public IEnumerable<ReturnedId> ReturnedIds() => Reviews.Items.SelectMany(r =>
        new[] { new ReturnedId("review", r.ReviewId), new ReturnedId("person-record", r.PersonRecordId), new ReturnedId("person", r.PersonId) }
            .Concat(r.Candidates.Select(c => new ReturnedId("person", c.PersonId))));
}

/// <summary>The review queue: possible matches by status, oldest first. Read by GET /api/reviews and the review queue page.</summary>
public static class ReviewList
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<Page<ReviewView>> LoadAsync(InfoSharingDbContext db, string status, Paging paging, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var tasks = db.ReviewTasks.AsNoTracking().Where(t => status == "all" || t.Status == status);
        var total = await tasks.LongCountAsync(cancellationToken);
        var items = await tasks
            .OrderBy(t => t.CreatedAt).ThenBy(t => t.Id)
            .Skip(paging.Skip).Take(paging.PageSize)
            .Join(db.PersonRecords, t => t.PersonRecordId, r => r.Id, (t, r) => new { Task = t, r.PersonId, r.Agency })
            .ToListAsync(cancellationToken);
        var views = items.Select(i => View(i.Task, i.PersonId, i.Agency)).ToList();
        return paging.Of(views, total);
    }

    internal static ReviewView View(ReviewTask task, Guid personId, string agency) => new(
        task.Id, task.PersonRecordId, personId, agency, task.Rule, task.ModelVersion, Candidates(task),
        task.Status, task.DecidedPersonId, task.DecidedBy, task.DecidedAt, task.CreatedAt);

    internal static List<ReviewCandidateView> Candidates(ReviewTask task) =>
        JsonSerializer.Deserialize<List<ReviewCandidateView>>(task.Candidates, Json) ?? [];
}
