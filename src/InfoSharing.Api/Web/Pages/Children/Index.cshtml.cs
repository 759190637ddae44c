using InfoSharing.Api.Auditing;
using InfoSharing.Api.Features.Linkage;
using InfoSharing.Data;
using InfoSharing.Data.Linkage;
using InfoSharing.Domain.People;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InfoSharing.Api.Web.Pages.Children;

/// <summary>Finds a child by the infant's or mother's NHS number, taken by form post (the read of GET /api/infants/{nhsNumber}/linkage finds them the same way).</summary>
[Authorize(Policy = WebAuth.Auditor)]
[RequiresPurpose]
public sealed class ChildSearchModel(InfoSharingDbContext db) : PageModel
{
    public string? Problem { get; private set; }

    public List<Child>? Found { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? nhsNumber, CancellationToken cancellationToken)
    {
        var number = NhsNumber.Parse(new string((nhsNumber ?? string.Empty).Where(c => !char.IsWhiteSpace(c)).ToArray()));
        if (!number.IsValid)
        {
            Problem = "Enter a 10-digit NHS number with a valid check digit.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Found = await ChildLookup.ByNhsNumberAsync(db, number.Value!, cancellationToken);
        await WebReads.RecordAsync(
            this, "/children", Found.Select(c => new ReturnedId("child", c.Id)).ToList(), query: [("nhsNumber", number.Value)], status: Found.Count == 0 ? 404 : 200);
        if (Found.Count == 1)
        {
            return Redirect($"/children/{Found[0].Id}");
        }

        if (Found.Count == 0)
        {
            Problem = "No infant or pregnancy is known for this NHS number.";
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        return Page();
    }
}
