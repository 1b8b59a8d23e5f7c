namespace Aict.IdentityServer.SignIn.Users;

/// <summary>
/// An administrator's lock, told apart from a lockout after failed attempts. Failed attempts (which
/// anyone who knows the address can cause) stop new sign-ins for a while and nothing else; an
/// administrator's lock has no end and also stops the sessions and refresh tokens already running.
/// </summary>
public static class AdministratorLock
{
    /// <summary>The lockout end an administrator's lock sets: never.</summary>
    public static readonly DateTimeOffset End = DateTimeOffset.MaxValue;

    public static bool IsOn(ApplicationUser user) => user.LockoutEnabled && user.LockoutEnd == End;
}
