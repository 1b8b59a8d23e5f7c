using System.Globalization;
using Aict.IdentityServer.Platform.Throttling;
using Aict.IdentityServer.SignIn.SignUp;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Pages.Account.Login;

/// <summary>
/// The sign-in page; one generic error for a wrong e-mail or password and for a locked account, so that
/// the page never tells a stranger which addresses have accounts, and 429 with <c>Retry-After</c> while the
/// client's address (or everyone) has failed too often. The right password for an account whose e-mail address
/// is not verified yet gets no session but the "verify your e-mail" answer, with a button for a new link.
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(PasswordSignIn passwordSignIn, IOptions<RegistrationOptions> registration, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? ErrorMessage { get; private set; }

    /// <summary>The address the user typed, when the password was right but the address awaits verification.</summary>
    public string? UnverifiedEmail { get; private set; }

    /// <summary>Whether the page links to the sign-up page (<see cref="RegistrationOptions.SelfService"/>).</summary>
    public bool OffersSignUp => registration.Value.SelfService;

    public void OnGet() => Input.Email = LoginHint() ?? string.Empty;

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var attempt = await passwordSignIn.SignInAsync(Input.Email, Input.Password, HttpContext.Connection.RemoteIpAddress);
        switch (attempt.Outcome)
        {
            case SignInOutcome.Succeeded:
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
            case SignInOutcome.SecondFactorRequired:
                return RedirectToPage("/Account/Mfa/Index", new { ReturnUrl });
            case SignInOutcome.Blocked:
                ErrorMessage = text["SignInBlocked"];
                break;
            case SignInOutcome.EmailNotVerified:
                UnverifiedEmail = Input.Email.Trim();
                break;
            case SignInOutcome.Throttled:
                var seconds = FailureThrottle.RetryAfterSeconds(attempt.RetryAfter ?? TimeSpan.Zero);
                ErrorMessage = text["TooManySignInAttempts", seconds];
                Input.Password = string.Empty;
                Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var page = Page();
                page.StatusCode = StatusCodes.Status429TooManyRequests;
                return page;
            default:
                ErrorMessage = text["InvalidCredentials"];
                break;
        }

        Input.Password = string.Empty;
        return Page();
    }

    // OpenID Connect's login_hint travels inside ReturnUrl (the authorization request).
    private string? LoginHint()
    {
        var query = ReturnUrl?.IndexOf('?', StringComparison.Ordinal) ?? -1;
        return query < 0 ? null : QueryHelpers.ParseQuery(ReturnUrl![query..]).GetValueOrDefault("login_hint").FirstOrDefault();
    }
}
