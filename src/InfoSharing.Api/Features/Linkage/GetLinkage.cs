using InfoSharing.Api.Auditing;
using InfoSharing.Api.Auth;
using InfoSharing.Data;
using InfoSharing.Domain.People;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Api.Features.Linkage;

/// <summary>GET /api/infants/{nhsNumber}/linkage: by the infant's NHS number, or the mother's for an unborn child.</summary>
public static class GetLinkage
{
    public static IEndpointRouteBuilder MapGetLinkage(this IEndpointRouteBuilder api)
    {
        api.MapGet("/infants/{nhsNumber}/linkage", HandleAsync)
            .RequireAuthorization(Roles.AuditorPolicy)
            .RequirePurposeOfUse()
            .WithName("GetInfantLinkage")
            .WithTags("Linkage")
            .WithSummary("Men linked to an infant (or a mother's unborn child), with the rule and evidence of each link.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<LinkageResponse>, ProblemHttpResult>> HandleAsync(
        string nhsNumber, InfoSharingDbContext db, CancellationToken cancellationToken)
    {
        var number = NhsNumber.Parse(nhsNumber);
        if (!number.IsValid)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid NHS number",
                detail: "The NHS number must be ten digits with a valid modulus 11 check digit.");
        }

        var children = await ChildLookup.ByNhsNumberAsync(db, number.Value!, cancellationToken);
        if (children.Count == 0)
        {
            return NotFound();
        }

        var childIds = children.Select(c => c.Id).ToList();
        var relationships = await db.Relationships.AsNoTracking()
            .Where(r => childIds.Contains(r.ChildId))
            .Include(r => r.Evidence)
            .OrderBy(r => r.RecordedAt)
            .ToListAsync(cancellationToken);
        var personIds = relationships.Select(r => r.PersonId).Distinct().ToList();
        var men = await db.Persons.AsNoTracking().Where(p => personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var recordIds = relationships.SelectMany(r => r.Evidence).Select(e => e.PersonRecordId).ToList();
        var records = await db.PersonRecords.AsNoTracking().Where(r => recordIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
        var messageIds = relationships.SelectMany(r => r.Evidence).Select(e => e.InboundMessageId).ToList();
        var messages = await db.InboundMessages.AsNoTracking()
            .Where(m => messageIds.Contains(m.Id))
            .Select(m => new { m.Id, m.MessageId, m.ReceivedAt })
            .ToDictionaryAsync(m => m.Id, cancellationToken);

        var response = new LinkageResponse(
            number.Value,
            children.Select(c => new ChildLinkage(
                c.Id,
                c.InfantPersonId is null ? "unborn" : "infant",
                c.MotherPersonId,
                c.ExpectedDeliveryDate,
                c.BirthDate,
                c.InfantPersonId,
                relationships.Where(r => r.ChildId == c.Id).Select(r => new LinkedPersonLinkage(
                    r.PersonId,
                    men[r.PersonId].NhsNumber,
                    r.Type,
                    r.Rule,
                    r.Confidence,
                    r.ValidFrom,
                    r.ValidTo,
                    r.RecordedAt,
                    r.Evidence.OrderBy(e => e.RecordedAt).Select(e => new LinkEvidence(
                        e.Agency,
                        messages[e.InboundMessageId].MessageId,
                        e.InboundMessageId,
                        messages[e.InboundMessageId].ReceivedAt,
                        e.CodeSystem,
                        e.Code,
                        e.PersonRecordId,
                        records[e.PersonRecordId].LinkRule,
                        records[e.PersonRecordId].LinkConfidence)).ToList())).ToList())).ToList());
        return TypedResults.Ok(response);
    }

    private static ProblemHttpResult NotFound() => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "No linkage known",
        detail: "No infant or pregnancy with linked people is known for this NHS number.");
}
