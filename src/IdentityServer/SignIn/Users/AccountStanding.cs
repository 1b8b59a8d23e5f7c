using Microsoft.AspNetCore.Identity;

namespace Aict.IdentityServer.SignIn.Users;

/// <summary>
/// Whether an account may sign in at all: it is not disabled, and its e-mail address is verified. Identity asks
/// this before it checks a password (<see cref="SignInManager{TUser}.CanSignInAsync"/>), and the token endpoint
/// asks it before every code or refresh redemption, so the rule holds everywhere at once. Accounts made by
/// people other than their holder (an administrator, SCIM, the command line, the demo realm) are made verified.
/// </summary>
internal sealed class AccountStanding : IUserConfirmation<ApplicationUser>
{
    public Task<bool> IsConfirmedAsync(UserManager<ApplicationUser> manager, ApplicationUser user) =>
        Task.FromResult(!user.Disabled && user.EmailConfirmed);

    /// <summary>
    /// Refused only because the address awaits verification: after the right password, its holder may be told
    /// so (and offered a new link); any other refusal looks like a wrong password.
    /// </summary>
    public static bool AwaitsVerification(ApplicationUser user) => !user.Disabled && !user.EmailConfirmed;
}
