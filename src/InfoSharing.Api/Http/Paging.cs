using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfoSharing.Api.Http;

/// <summary>One page of a list, with the total so that a caller knows how many pages there are.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, [property: JsonPropertyName("page")] int PageNumber, int PageSize, long Total);

/// <summary>Paging from the query: <c>page</c> from 1, <c>pageSize</c> 1 to <see cref="MaxPageSize"/> (default <see cref="DefaultPageSize"/>).</summary>
public readonly record struct Paging(int Page, int PageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public int Skip => (Page - 1) * PageSize;

    public static bool TryCreate(int? page, int? pageSize, out Paging paging, out ProblemHttpResult? problem)
    {
        paging = new Paging(page ?? 1, pageSize ?? DefaultPageSize);
        problem = paging.Page < 1
            ? Problems.BadRequest("Invalid paging", "page starts at 1.")
            : paging.PageSize is < 1 or > MaxPageSize
                ? Problems.BadRequest("Invalid paging", $"pageSize must be 1 to {MaxPageSize}.")
                : null;
        return problem is null;
    }

    public Page<T> Of<T>(IReadOnlyList<T> items, long total) => new(items, Page, PageSize, total);
}
