using Microsoft.AspNetCore.Identity;

namespace Aict.IdentityServer.SignIn.Users;

/// <summary>
/// Whether an account may sign in at all. Identity asks this before it checks a password
/// (<see cref="SignInManager{TUser}.CanSignInAsync"/>), and the token endpoint asks it before every
/// code or refresh redemption, so a disabled account stops everywhere at once.
/// </summary>
internal sealed class AccountStanding : IUserConfirmation<ApplicationUser>
{
    public Task<bool> IsConfirmedAsync(UserManager<ApplicationUser> manager, ApplicationUser user) =>
        Task.FromResult(!user.Disabled);
}
