using InfoSharing.Api.Auditing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InfoSharing.Api.Web.Pages;

/// <summary>Asks the purpose of use once per session, from the coded list, checked exactly as the API checks its headers.</summary>
public sealed class PurposeModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? Detail { get; set; }

    public string? Problem { get; private set; }

    public string? ProblemField { get; private set; }

    public void OnGet()
    {
        var current = WebSession.PurposeOf(User);
        Code = current?.Code;
        Detail = current?.Detail;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var purpose = new StatedPurpose(Code?.Trim() ?? string.Empty, string.IsNullOrWhiteSpace(Detail) ? null : Detail.Trim());
        if (PurposeOfUse.Problem(purpose) is { } problem)
        {
            Problem = Web.PurposeText.ForPeople(problem);
            ProblemField = string.IsNullOrEmpty(purpose.Code) || InfoSharing.Contracts.PurposesOfUse.Find(purpose.Code) is null
                ? "code-" + InfoSharing.Contracts.PurposesOfUse.All[0].Code
                : "detail";
            return Page();
        }

        var result = await HttpContext.AuthenticateAsync(WebAuth.CookieScheme);
        await HttpContext.SignInAsync(WebAuth.CookieScheme, WebSession.WithPurpose(User, purpose), result.Properties);
        return LocalRedirect(ReturnUrl is { } url && Url.IsLocalUrl(url) ? url : "/");
    }
}
