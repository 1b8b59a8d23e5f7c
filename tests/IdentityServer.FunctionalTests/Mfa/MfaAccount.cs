using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.SignIn.Mfa;
using Aict.IdentityServer.SignIn.Mfa.RecoveryCodes;
using Aict.IdentityServer.SignIn.Mfa.Totp;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace Aict.IdentityServer.FunctionalTests.Mfa;

/// <summary>An account and the MFA services, each call in its own scope as separate requests would make it.</summary>
internal sealed class MfaAccount(IdentityServerFactory factory, string userId)
{
    public string UserId => userId;

    public static async Task<MfaAccount> CreateAsync(IdentityServerFactory factory) =>
        new(factory, await TestUsers.IdOfAsync(factory, await TestUsers.CreateAsync(factory)));

    public static async Task<MfaAccount> OfAsync(IdentityServerFactory factory, DemoUser user) =>
        new(factory, await TestUsers.IdOfAsync(factory, user));

    public async Task<T> UseAsync<T>(Func<IServiceProvider, ApplicationUser, Task<T>> action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByIdAsync(userId);
        return await action(scope.ServiceProvider, user!);
    }

    public Task<T> QueryAsync<T>(Func<ApplicationDbContext, Task<T>> query) =>
        UseAsync((services, _) => query(services.GetRequiredService<ApplicationDbContext>()));

    public Task<TotpEnrolmentStart?> BeginTotpAsync() =>
        UseAsync((services, user) => services.GetRequiredService<TotpEnrolment>().BeginAsync(user));

    public Task<TotpCheckResult> ConfirmTotpAsync(string code) =>
        UseAsync((services, user) => services.GetRequiredService<TotpEnrolment>().ConfirmAsync(user, code));

    public Task<TotpCheckResult> VerifyAsync(string code) =>
        UseAsync((services, user) => services.GetRequiredService<TotpVerifier>().VerifyAsync(user, code));

    public Task<MfaFactorSummary> FactorsAsync() =>
        UseAsync((services, user) => services.GetRequiredService<MfaFactors>().GetAsync(user.Id));

    public Task<bool> TwoFactorEnabledAsync() => UseAsync((_, user) => Task.FromResult(user.TwoFactorEnabled));

    public Task<IReadOnlyList<string>> GenerateRecoveryCodesAsync() =>
        UseAsync((services, user) => services.GetRequiredService<RecoveryCodeSet>().GenerateAsync(user));

    public Task<bool> RedeemAsync(string code) =>
        UseAsync((services, user) => services.GetRequiredService<RecoveryCodeSet>().RedeemAsync(user, code));

    public Task<List<string>> AuditTypesAsync() =>
        QueryAsync(db => Task.FromResult(db.AuditEvents.Where(e => e.UserId == userId).OrderBy(e => e.Id).Select(e => e.Type).ToList()));

    /// <summary>Enrols and confirms an authenticator as a user with an app would (at the start of a step); returns the app's secret.</summary>
    public async Task<byte[]> EnrolTotpAsync(ShiftableClock clock)
    {
        TotpCodes.StartNextStep(clock);
        var start = await BeginTotpAsync();
        var secret = Base32Encoding.ToBytes(start!.ManualEntryKey);
        Assert.Equal(TotpCheckResult.Valid, await ConfirmTotpAsync(TotpCodes.At(secret, clock.GetUtcNow())));
        return secret;
    }
}

/// <summary>Codes as an authenticator app computes them, and a clock placed where a test cannot straddle a time step.</summary>
internal static class TotpCodes
{
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    public static string At(byte[] secret, DateTimeOffset instant) => new Totp(secret).ComputeTotp(instant.UtcDateTime);

    /// <summary>Moves the clock just past the start of a later step, leaving the test almost a whole step of real time.</summary>
    public static void StartNextStep(ShiftableClock clock)
    {
        var intoStep = clock.GetUtcNow().ToUnixTimeMilliseconds() % (long)Step.TotalMilliseconds;
        clock.Advance(Step - TimeSpan.FromMilliseconds(intoStep) + TimeSpan.FromMilliseconds(50));
    }
}
