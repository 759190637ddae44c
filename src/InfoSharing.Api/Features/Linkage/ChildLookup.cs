using InfoSharing.Data;
using InfoSharing.Data.Linkage;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Api.Features.Linkage;

/// <summary>
/// The children known for an NHS number: the infant it belongs to, or the mother's pregnancies and infants. Used by
/// GET /api/infants/{nhsNumber}/linkage and the timeline search (which takes the number by form post, never in a URL).
/// </summary>
public static class ChildLookup
{
    /// <summary>Empty when no person has the (already validated) number, or the person is no infant or mother.</summary>
    public static async Task<List<Child>> ByNhsNumberAsync(InfoSharingDbContext db, string nhsNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var person = await db.Persons.AsNoTracking().FirstOrDefaultAsync(p => p.NhsNumber == nhsNumber, cancellationToken);
        if (person is null)
        {
            return [];
        }

        return await db.Children.AsNoTracking()
            .Where(c => c.InfantPersonId == person.Id || c.MotherPersonId == person.Id)
            .OrderBy(c => c.ExpectedDeliveryDate ?? c.BirthDate)
            .ToListAsync(cancellationToken);
    }
}
