using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aict.IdentityServer.Pages.Errors;

/// <summary>
/// Shown when a request cannot be answered to a client, above all an unknown client or a redirect
/// URI that is not registered: never redirect there, explain here. Also the page of a 503 while the database is away.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class IndexModel : PageModel
{
    public string? Error { get; private set; }

    public string? Description { get; private set; }

    public int Status { get; private set; }

    /// <summary>The service is down for a while (its database is unreachable): try again later, not differently.</summary>
    public bool Unavailable => Status == StatusCodes.Status503ServiceUnavailable;

    public void OnGet()
    {
        var oauth = HttpContext.GetOpenIddictServerResponse();
        Error = oauth?.Error;
        Description = oauth?.ErrorDescription;
        Status = HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalStatusCode ?? Response.StatusCode;
    }

    // Status-code re-execution keeps the original method, so a failed POST lands here as a POST.
    public void OnPost() => OnGet();
}
