using InfoSharing.Api.Auditing;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InfoSharing.Api.Web;

/// <summary>A page that reads about people: the session must have stated its purpose of use first.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPurposeAttribute : Attribute;

/// <summary>
/// Sends a signed-in user who has not yet stated a purpose to the purpose page, and back afterwards (to the path
/// only: the pages put nothing personal in a URL). Asked once per session; the header shows it, and it can be changed.
/// </summary>
internal sealed class PurposeFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var user = context.HttpContext.User;
        var needs = context.HandlerInstance.GetType().IsDefined(typeof(RequiresPurposeAttribute), inherit: true);
        if (needs && user.Identity?.IsAuthenticated == true && PurposeOfUse.Problem(WebSession.PurposeOf(user)) is not null)
        {
            var returnUrl = context.HttpContext.Request.Method == HttpMethods.Get ? context.HttpContext.Request.Path.Value : "/";
            context.Result = new Microsoft.AspNetCore.Mvc.RedirectToPageResult("/Purpose", new { returnUrl });
            return;
        }

        await next();
    }
}

/// <summary>Records a page's read exactly as the API records its own: an api-read entry with the session's purpose.</summary>
public static class WebReads
{
    public static Task RecordAsync(
        PageModel page,
        string endpoint,
        IReadOnlyCollection<ReturnedId> returned,
        IEnumerable<(string Name, string? Value)>? route = null,
        IEnumerable<(string Name, string? Value)>? query = null,
        int status = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(page);
        return ReadAuditFilter.RecordAsync(page.HttpContext, WebSession.PurposeOf(page.User), endpoint, route ?? [], query ?? [], status, returned);
    }
}
