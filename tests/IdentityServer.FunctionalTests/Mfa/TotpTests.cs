using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Aict.IdentityServer.SignIn.Mfa.Totp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace Aict.IdentityServer.FunctionalTests.Mfa;

/// <summary>Authenticator apps: enrolment confirmed by a first code, ±1 step of drift, replay refusal, attempt limit.</summary>
public abstract class TotpTests(ServerFixture server)
{
    private IdentityServerFactory Factory => server.Factory;

    private ShiftableClock Clock => Factory.Clock;

    [Fact]
    public async Task An_enrolment_stays_unconfirmed_until_the_app_proves_it_with_a_valid_code()
    {
        var account = await MfaAccount.CreateAsync(Factory);
        TotpCodes.StartNextStep(Clock);

        var start = await account.BeginTotpAsync();

        Assert.NotNull(start);
        Assert.StartsWith("otpauth://totp/Aict%20Identity:", start.AuthenticatorUri);
        Assert.Contains($"secret={start.ManualEntryKey}", start.AuthenticatorUri);
        Assert.Contains("issuer=Aict%20Identity", start.AuthenticatorUri);
        Assert.Equal(20, Base32Encoding.ToBytes(start.ManualEntryKey).Length);
        var code = TotpCodes.At(Base32Encoding.ToBytes(start.ManualEntryKey), Clock.GetUtcNow());
        Assert.Equal(TotpCheckResult.NotEnrolled, await account.VerifyAsync(code));
        Assert.Equal(TotpCheckResult.Invalid, await account.ConfirmTotpAsync(code == "000000" ? "111111" : "000000"));
        Assert.False((await account.FactorsAsync()).Totp);
        Assert.False(await account.TwoFactorEnabledAsync());

        Assert.Equal(TotpCheckResult.Valid, await account.ConfirmTotpAsync(code));

        Assert.True((await account.FactorsAsync()).Totp);
        Assert.True(await account.TwoFactorEnabledAsync());
        Assert.Null(await account.BeginTotpAsync());
        Assert.Equal([AuditEventTypes.TotpEnrolmentStarted, AuditEventTypes.TotpEnrolled], await account.AuditTypesAsync());
    }

    [Fact]
    public async Task Beginning_again_replaces_an_unconfirmed_secret()
    {
        var account = await MfaAccount.CreateAsync(Factory);
        TotpCodes.StartNextStep(Clock);
        var first = Base32Encoding.ToBytes((await account.BeginTotpAsync())!.ManualEntryKey);

        var second = Base32Encoding.ToBytes((await account.BeginTotpAsync())!.ManualEntryKey);

        Assert.NotEqual(first, second);
        Assert.Equal(TotpCheckResult.Invalid, await account.ConfirmTotpAsync(TotpCodes.At(first, Clock.GetUtcNow())));
        Assert.Equal(TotpCheckResult.Valid, await account.ConfirmTotpAsync(TotpCodes.At(second, Clock.GetUtcNow())));
    }

    [Fact]
    public async Task Codes_of_the_previous_and_next_step_pass_and_a_code_two_steps_away_fails()
    {
        var account = await MfaAccount.CreateAsync(Factory);
        var secret = await account.EnrolTotpAsync(Clock);
        Clock.Advance(3 * TotpCodes.Step);
        TotpCodes.StartNextStep(Clock);
        var now = Clock.GetUtcNow();

        Assert.Equal(TotpCheckResult.Invalid, await account.VerifyAsync(TotpCodes.At(secret, now - 2 * TotpCodes.Step)));
        Assert.Equal(TotpCheckResult.Invalid, await account.VerifyAsync(TotpCodes.At(secret, now + 2 * TotpCodes.Step)));
        Assert.Equal(TotpCheckResult.Valid, await account.VerifyAsync(TotpCodes.At(secret, now - TotpCodes.Step)));
        Assert.Equal(TotpCheckResult.Valid, await account.VerifyAsync(TotpCodes.At(secret, now + TotpCodes.Step)));
    }

    [Fact]
    public async Task The_same_code_twice_is_refused_as_a_replay_and_so_is_an_earlier_steps_code()
    {
        var account = await MfaAccount.CreateAsync(Factory);
        var secret = await account.EnrolTotpAsync(Clock);
        var confirmingCode = TotpCodes.At(secret, Clock.GetUtcNow());
        Clock.Advance(TotpCodes.Step);
        var code = TotpCodes.At(secret, Clock.GetUtcNow());

        Assert.Equal(TotpCheckResult.Valid, await account.VerifyAsync(code));
        Assert.Equal(TotpCheckResult.Replayed, await account.VerifyAsync(code));
        Assert.Equal(TotpCheckResult.Replayed, await account.VerifyAsync(confirmingCode));
    }

    [Fact]
    public async Task Of_two_concurrent_uses_of_one_code_only_one_passes()
    {
        var account = await MfaAccount.CreateAsync(Factory);
        var secret = await account.EnrolTotpAsync(Clock);
        Clock.Advance(TotpCodes.Step);
        var code = TotpCodes.At(secret, Clock.GetUtcNow());

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => account.VerifyAsync(code))));

        Assert.Equal(1, results.Count(r => r == TotpCheckResult.Valid));
        Assert.All(results.Where(r => r != TotpCheckResult.Valid), r => Assert.Equal(TotpCheckResult.Replayed, r));
    }

    [Fact]
    public async Task Two_concurrent_enrolment_starts_both_answer_and_leave_one_pending_authenticator()
    {
        var account = await MfaAccount.CreateAsync(Factory);

        var starts = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(account.BeginTotpAsync)));

        Assert.All(starts, Assert.NotNull);
        Assert.Equal(1, await account.QueryAsync(db => db.TotpAuthenticators.CountAsync(t => t.UserId == account.UserId)));
    }

    [Fact]
    public async Task Too_many_failures_refuse_even_a_valid_code_until_the_attempt_window_has_passed()
    {
        var account = await MfaAccount.CreateAsync(Factory);
        var secret = await account.EnrolTotpAsync(Clock);
        Clock.Advance(TotpCodes.Step);
        var valid = TotpCodes.At(secret, Clock.GetUtcNow());
        var wrong = valid == "123456" ? "654321" : "123456";
        for (var attempt = 0; attempt < TotpAttemptLimit.MaxAttempts; attempt++)
        {
            Assert.Equal(TotpCheckResult.Invalid, await account.VerifyAsync(wrong));
        }

        Assert.Equal(TotpCheckResult.TooManyAttempts, await account.VerifyAsync(valid));

        Clock.Advance(TotpAttemptLimit.Window);
        TotpCodes.StartNextStep(Clock);
        Assert.Equal(TotpCheckResult.Valid, await account.VerifyAsync(TotpCodes.At(secret, Clock.GetUtcNow())));
    }

    [Fact]
    public async Task The_secret_is_stored_encrypted_not_in_plain_text()
    {
        var account = await MfaAccount.CreateAsync(Factory);
        var secret = await account.EnrolTotpAsync(Clock);

        var stored = await account.QueryAsync(db => db.TotpAuthenticators.AsNoTracking().SingleAsync(t => t.UserId == account.UserId));

        Assert.DoesNotContain(Base32Encoding.ToString(secret), stored.ProtectedSecret, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(secret), stored.ProtectedSecret, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(secret), stored.ProtectedSecret, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(secret, Factory.Services.GetRequiredService<TotpSecretProtector>().Unprotect(stored.ProtectedSecret));
    }

    [Fact]
    public async Task Removing_the_last_factor_turns_two_factor_sign_in_off()
    {
        var account = await MfaAccount.CreateAsync(Factory);
        await account.EnrolTotpAsync(Clock);

        Assert.True(await account.UseAsync((services, user) => services.GetRequiredService<TotpEnrolment>().RemoveAsync(user)));

        Assert.False((await account.FactorsAsync()).Totp);
        Assert.False(await account.TwoFactorEnabledAsync());
        Assert.Equal(AuditEventTypes.TotpRemoved, (await account.AuditTypesAsync())[^1]);
    }
}

// Servers of their own: these tests move the clock by minutes, which the shared servers' other tests must not see.
public sealed class TotpTestsOnSqlite(SqliteServer server) : TotpTests(server), IClassFixture<SqliteServer>;

public sealed class TotpTestsOnPostgres(PostgresServer server) : TotpTests(server), IClassFixture<PostgresServer>;
