using System.Globalization;
using Aict.IdentityServer.Platform.Throttling;
using Aict.IdentityServer.Protocol;
using Aict.IdentityServer.SignIn.PasswordReset;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Pages.Account.ForgotPassword;

/// <summary>
/// Asks for a reset link. The answer is the same, and takes the same work, whether or not the account
/// exists: the page only queues the request; <see cref="ResetLinkMailer"/> looks the address up.
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(
    ResetRequestLimiter limiter,
    ResetLinkRequests requests,
    ILookupNormalizer normalizer,
    IOptions<ServerOptions> server) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    /// <summary>Kept on the way to the next page so that it speaks the same language.</summary>
    [BindProperty(SupportsGet = true, Name = "ui_locales")]
    public string? UiLocales { get; set; }

    public bool TooManyRequests { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (await limiter.TryTakeAsync(HttpContext.Connection.RemoteIpAddress?.ToString(), normalizer.NormalizeEmail(Input.Email.Trim())) is { } retryAfter)
        {
            TooManyRequests = true;
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = FailureThrottle.RetryAfterSeconds(retryAfter).ToString(CultureInfo.InvariantCulture);
            return Page();
        }

        // The configured issuer, never the Host header: a forged one must not choose where the e-mailed link points.
        requests.Enqueue(new ResetLinkRequest(Input.Email.Trim(), CultureInfo.CurrentUICulture, server.Value.Issuer!));
        return RedirectToPage("Sent", new { ui_locales = UiLocales });
    }
}
