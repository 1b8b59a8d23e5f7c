using Aict.IdentityServer.Sessions;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aict.IdentityServer.Pages.Account.Logout;

/// <summary>Asks before ending the SSO session, so a link alone cannot sign anyone out.</summary>
[AllowAnonymous]
public sealed class IndexModel(SignInManager<ApplicationUser> signIns, SessionTermination sessions) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IActionResult OnGet() =>
        User.Identity?.IsAuthenticated == true ? Page() : LocalRedirect(SafeReturnUrl);

    public async Task<IActionResult> OnPostAsync()
    {
        await sessions.SignOutAsync(User, HttpContext.RequestAborted);
        await signIns.SignOutAsync();
        return LocalRedirect(SafeReturnUrl);
    }

    private string SafeReturnUrl => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/account/logout/done";
}
