using Aict.IdentityServer.FunctionalTests.Mfa;
using Aict.IdentityServer.Mfa;

namespace Aict.IdentityServer.FunctionalTests.HostedPages;

/// <summary>Fresh accounts with second factors, enrolled through the same services the portal uses.</summary>
internal static class MfaUsers
{
    /// <summary>A new user with a confirmed authenticator app; the returned user carries its secret.</summary>
    public static async Task<DemoUser> WithTotpAsync(IdentityServerFactory factory) =>
        await EnrolTotpAsync(factory, await TestUsers.CreateAsync(factory));

    public static async Task<DemoUser> EnrolTotpAsync(IdentityServerFactory factory, DemoUser user)
    {
        var account = await MfaAccount.OfAsync(factory, user);
        var start = await account.BeginTotpAsync();
        var enrolled = user with { TotpSecret = start!.ManualEntryKey };
        Assert.Equal(TotpCheckResult.Valid, await account.ConfirmTotpAsync(factory.Authenticator.NextCode(enrolled.TotpSecret!)));
        return enrolled;
    }

    public static async Task<IReadOnlyList<string>> RecoveryCodesAsync(IdentityServerFactory factory, DemoUser user) =>
        await (await MfaAccount.OfAsync(factory, user)).GenerateRecoveryCodesAsync();
}
