using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aict.IdentityServer.Pages.Errors;

/// <summary>
/// Shown when a request cannot be answered to a client, above all an unknown client or a redirect
/// URI that is not registered: never redirect there, explain here.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class IndexModel : PageModel
{
    public string? Error { get; private set; }

    public string? Description { get; private set; }

    public int Status { get; private set; }

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
