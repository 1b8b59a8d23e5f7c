using System.Globalization;
using Aict.IdentityServer.Platform.Throttling;
using Aict.IdentityServer.Protocol;
using Aict.IdentityServer.SignIn.SignUp;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Pages.Account.SignUp;

/// <summary>
/// Creates an account (only routed while <see cref="RegistrationOptions.SelfService"/> is on). The password rules
/// are checked here, before anything depends on the address; then the page always answers "check your e-mail",
/// having done the same work either way (a password hash and a queued request): whether the address already has an
/// account is for <see cref="VerificationMailer"/> to find out, and for the address's holder to hear.
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(
    UserManager<ApplicationUser> users,
    EmailVerification verification,
    VerificationMailLimiter limiter,
    VerificationRequests requests,
    IStringLocalizer<SharedResource> text,
    IOptions<ServerOptions> server) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "ui_locales")]
    public string? UiLocales { get; set; }

    public bool TooManyRequests { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        // A field left empty binds as null, whatever its declared type.
        var email = (Input.Email ?? string.Empty).Trim();
        if (ModelState.IsValid && !verification.IsUsable(email))
        {
            ModelState.AddModelError("Input.Email", text["EmailNotUsable"]);
        }

        var candidate = new ApplicationUser
        {
            UserName = email,
            Email = email,
            GivenName = (Input.GivenName ?? string.Empty).Trim(),
            FamilyName = string.IsNullOrWhiteSpace(Input.FamilyName) ? null : Input.FamilyName.Trim(),
        };
        if (ModelState.IsValid)
        {
            foreach (var validator in users.PasswordValidators)
            {
                foreach (var error in (await validator.ValidateAsync(users, candidate, Input.Password)).Errors)
                {
                    ModelState.AddModelError("Input.Password", error.Description);
                }
            }
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (await limiter.TryTakeAsync(HttpContext.Connection.RemoteIpAddress?.ToString(), users.NormalizeEmail(email)) is { } retryAfter)
        {
            TooManyRequests = true;
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = FailureThrottle.RetryAfterSeconds(retryAfter).ToString(CultureInfo.InvariantCulture);
            return Page();
        }

        // The configured issuer, never the Host header: a forged one must not choose where the e-mailed link points.
        requests.Enqueue(new SignUpRequest(email, candidate.GivenName, candidate.FamilyName, users.PasswordHasher.HashPassword(candidate, Input.Password),
            HttpContext.Connection.RemoteIpAddress?.ToString(), Request.Headers.UserAgent.ToString(), CultureInfo.CurrentUICulture, server.Value.Issuer!));
        return RedirectToPage("Sent", new { ui_locales = UiLocales });
    }
}
