using Aict.IdentityServer.SignIn.Mfa.Totp;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.BrowserTests.Infrastructure;

/// <summary>Enrols an authenticator app through IdentityServer's enrolment service, the one the portal uses.</summary>
internal static class TotpEnrolments
{
    /// <summary>Confirms a new authenticator for the user with a first code; the returned user carries the app's secret.</summary>
    public static async Task<DemoUser> EnrolAsync(IdentityServerFactory identity, DemoUser user)
    {
        await using var scope = identity.Services.CreateAsyncScope();
        var account = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(user.Email)
            ?? throw new InvalidOperationException($"No account {user.Email}.");
        var enrolment = scope.ServiceProvider.GetRequiredService<TotpEnrolment>();
        var start = await enrolment.BeginAsync(account) ?? throw new InvalidOperationException($"{user.Email} already has an authenticator.");
        var enrolled = user with { TotpSecret = start.ManualEntryKey };
        Assert.Equal(TotpCheckResult.Valid, await enrolment.ConfirmAsync(account, identity.Authenticator.NextCode(start.ManualEntryKey)));
        return enrolled;
    }
}
