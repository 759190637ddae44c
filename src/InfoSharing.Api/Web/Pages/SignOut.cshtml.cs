using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InfoSharing.Api.Web.Pages;

/// <summary>Ends the session (and, after an OpenID Connect sign-in, at the identity provider too). POST only.</summary>
[AllowAnonymous]
public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        var oidc = User.FindFirst(WebSession.IdentityProvider)?.Value == WebSession.Oidc;
        await HttpContext.SignOutAsync(WebAuth.CookieScheme);
        return oidc
            ? SignOut(new AuthenticationProperties { RedirectUri = "/signed-out" }, WebAuth.OidcScheme)
            : RedirectToPage("/SignedOut");
    }
}
