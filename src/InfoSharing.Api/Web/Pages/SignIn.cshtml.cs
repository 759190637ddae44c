using InfoSharing.Api.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace InfoSharing.Api.Web.Pages;

/// <summary>
/// Sign-in: OpenID Connect against the organisation's identity provider; in Development also a local form that
/// issues the same session (same claims, same roles) without a password.
/// </summary>
[AllowAnonymous]
public sealed class SignInModel(IOptions<WebOptions> options, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Subject { get; set; }

    [BindProperty]
    public string? Role { get; set; }

    public string? Problem { get; private set; }

    public bool Oidc => !string.IsNullOrWhiteSpace(options.Value.Oidc.Authority);

    public bool Development => options.Value.DevelopmentSignIn;

    public static string Describe(string role) => role switch
    {
        Roles.Reviewer => "Reviewer: decides possible matches",
        Roles.Auditor => "Auditor or safeguarding lead: reads a child's timeline",
        Roles.Operator => "Operator: messages, queues and the outbox",
        Roles.Admin => "Administrator: everything",
        _ => role,
    };

    public void OnGet()
    {
    }

    public IActionResult OnPostOidc() =>
        Oidc ? Challenge(new AuthenticationProperties { RedirectUri = LocalReturn() }, WebAuth.OidcScheme) : NotFound();

    public async Task<IActionResult> OnPostDevelopmentAsync()
    {
        if (!Development)
        {
            return NotFound();
        }

        var subject = Subject?.Trim();
        if (string.IsNullOrEmpty(subject) || subject.Length > 64 || subject.Any(char.IsControl))
        {
            Problem = "Enter a user name of up to 64 characters.";
            return Page();
        }

        if (Role is null || !WebRoles.All.Contains(Role))
        {
            Problem = "Choose a role.";
            return Page();
        }

        var principal = WebSession.Create(subject, subject, [Role], WebSession.Development, time.GetUtcNow());
        await HttpContext.SignInAsync(WebAuth.CookieScheme, principal, new AuthenticationProperties { IsPersistent = false });
        return LocalRedirect($"/purpose?returnUrl={Uri.EscapeDataString(LocalReturn())}");
    }

    private string LocalReturn() => ReturnUrl is { } url && Url.IsLocalUrl(url) ? url : "/";
}
