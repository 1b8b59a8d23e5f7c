using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.SignIn.Mfa;
using Aict.IdentityServer.SignIn.Mfa.RecoveryCodes;
using Aict.IdentityServer.SignIn.Mfa.Sms;
using Aict.IdentityServer.SignIn.Mfa.Totp;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.TestSupport;

/// <summary>Fresh accounts with second factors, enrolled through the same services the portal's API uses.</summary>
public static class MfaUsers
{
    /// <summary>A new user with a confirmed authenticator app; the returned user carries its secret.</summary>
    public static async Task<DemoUser> WithTotpAsync(IdentityServerFactory factory) =>
        await EnrolTotpAsync(factory, await TestUsers.CreateAsync(factory));

    /// <summary>Enrols an authenticator app for <paramref name="user"/>, confirmed with a code from <see cref="IdentityServerFactory.Authenticator"/>.</summary>
    public static async Task<DemoUser> EnrolTotpAsync(IdentityServerFactory factory, DemoUser user)
    {
        var start = await UseAsync(factory, user, (services, account) => services.GetRequiredService<TotpEnrolment>().BeginAsync(account));
        var enrolled = user with { TotpSecret = start!.ManualEntryKey };
        var code = factory.Authenticator.NextCode(enrolled.TotpSecret!);
        Assert.Equal(TotpCheckResult.Valid,
            await UseAsync(factory, user, (services, account) => services.GetRequiredService<TotpEnrolment>().ConfirmAsync(account, code)));
        return enrolled;
    }

    /// <summary>A new user whose phone number is verified for SMS codes (as the portal's enrolment leaves it).</summary>
    public static async Task<DemoUser> WithPhoneAsync(IdentityServerFactory factory, string phoneNumber)
    {
        var user = await TestUsers.CreateAsync(factory);
        await UseAsync(factory, user, async (services, account) =>
        {
            var db = services.GetRequiredService<ApplicationDbContext>();
            db.PhoneFactors.Add(new PhoneFactor { UserId = account.Id, PhoneNumber = phoneNumber, CreatedAt = DateTimeOffset.UtcNow, VerifiedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            await services.GetRequiredService<MfaFactors>().SyncTwoFactorAsync(account);
            return true;
        });
        return user;
    }

    public static Task<IReadOnlyList<string>> RecoveryCodesAsync(IdentityServerFactory factory, DemoUser user) =>
        UseAsync(factory, user, (services, account) => services.GetRequiredService<RecoveryCodeSet>().GenerateAsync(account));

    private static async Task<T> UseAsync<T>(IdentityServerFactory factory, DemoUser user, Func<IServiceProvider, ApplicationUser, Task<T>> action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var account = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(user.Email);
        return await action(scope.ServiceProvider, account!);
    }
}
