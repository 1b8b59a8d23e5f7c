using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Aict.IdentityServer.Platform.Throttling;
using Aict.IdentityServer.Protocol;
using Aict.IdentityServer.SignIn.SignUp;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Pages.Account.VerifyEmail;

/// <summary>
/// Asks for a new verification link, from the sign-in page's "verify your e-mail" answer or from a dead link.
/// Like the forgotten-password page, the answer is the same whether or not the address awaits verification:
/// <see cref="VerificationMailer"/> looks it up.
/// </summary>
[AllowAnonymous]
public sealed class ResendModel(
    VerificationMailLimiter limiter, VerificationRequests requests, ILookupNormalizer normalizer, IOptions<ServerOptions> server) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "EmailRequired")]
    [EmailAddress(ErrorMessage = "EmailInvalid")]
    [MaxLength(256, ErrorMessage = "EmailInvalid")]
    [Display(Name = "Email")]
    public string Email { get; set; } = string.Empty;

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

        var email = Email.Trim();
        if (await limiter.TryTakeAsync(HttpContext.Connection.RemoteIpAddress?.ToString(), normalizer.NormalizeEmail(email)) is { } retryAfter)
        {
            TooManyRequests = true;
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = FailureThrottle.RetryAfterSeconds(retryAfter).ToString(CultureInfo.InvariantCulture);
            return Page();
        }

        requests.Enqueue(new ResendRequest(email, CultureInfo.CurrentUICulture, server.Value.Issuer!));
        return RedirectToPage("Sent", new { ui_locales = UiLocales });
    }
}
