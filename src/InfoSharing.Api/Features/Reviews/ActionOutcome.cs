using System.Security.Claims;
using InfoSharing.Api.Auditing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfoSharing.Api.Features.Reviews;

/// <summary>Why a reviewer's action was refused: an HTTP status, a title and what to do about it.</summary>
public sealed record ActionProblem(int Status, string Title, string Detail)
{
    public static ActionProblem BadRequest(string title, string detail) => new(StatusCodes.Status400BadRequest, title, detail);

    public static ActionProblem NotFound(string title, string detail) => new(StatusCodes.Status404NotFound, title, detail);

    public ProblemHttpResult ToResult() => TypedResults.Problem(statusCode: Status, title: Title, detail: Detail);
}

/// <summary>What a reviewer's action gave: its answer, or the problem that refused it.</summary>
public readonly record struct ActionOutcome<T>(T? Value, ActionProblem? Problem)
    where T : class
{
    public static implicit operator ActionOutcome<T>(T value) => new(value, null);

    public static implicit operator ActionOutcome<T>(ActionProblem problem) => new(null, problem);
}

/// <summary>Who decides, with which roles and under which stated purpose: recorded with the decision.</summary>
public sealed record Decider(string Actor, string? Roles, StatedPurpose? Purpose)
{
    public static Decider Of(ClaimsPrincipal user, StatedPurpose? purpose) =>
        new(ReadAuditFilter.Actor(user), ReadAuditFilter.ActorRoles(user), purpose);
}
