using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.FunctionalTests.Mfa;
using Aict.IdentityServer.SignIn.Mfa.RecoveryCodes;
using Microsoft.AspNetCore.Mvc;
using static Aict.IdentityServer.FunctionalTests.Sms.SmsServer;

namespace Aict.IdentityServer.FunctionalTests.Account;

/// <summary>The account API's MFA endpoints: the caller's factors, the authenticator app and recovery codes.</summary>
public abstract class MfaApiTests(ServerFixture server)
{
    private IdentityServerFactory Factory => server.Factory;

    [Fact]
    public async Task A_new_account_has_no_factor_and_no_recovery_codes()
    {
        var client = await MfaApiClient.SignInAsync(Factory);

        var summary = await client.SummaryAsync();

        Assert.False(summary.GetProperty("totp").GetBoolean());
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("phone").ValueKind);
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("pendingPhone").ValueKind);
        Assert.Equal(0, summary.GetProperty("passkeys").GetInt32());
        Assert.Equal(0, summary.GetProperty("recoveryCodesLeft").GetInt32());
        Assert.False(summary.GetProperty("required").GetBoolean());
    }

    [Fact]
    public async Task An_authenticator_app_is_added_with_a_code_from_its_secret_and_the_first_factor_brings_ten_recovery_codes_shown_once()
    {
        var client = await MfaApiClient.SignInAsync(Factory);

        var (_, confirmed) = await client.EnrolTotpAsync();

        var codes = confirmed.GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal(RecoveryCodeSet.CodesPerSet, codes.Distinct().Count());
        var summary = await client.SummaryAsync();
        Assert.True(summary.GetProperty("totp").GetBoolean());
        Assert.Equal(RecoveryCodeSet.CodesPerSet, summary.GetProperty("recoveryCodesLeft").GetInt32());
        Assert.True(await client.Account.TwoFactorEnabledAsync());
        Assert.True(await client.Account.RedeemAsync(codes[0]));
        Assert.Equal(
            [AuditEventTypes.TotpEnrolmentStarted, AuditEventTypes.TotpEnrolled, AuditEventTypes.RecoveryCodesGenerated, AuditEventTypes.RecoveryCodeUsed],
            (await client.Account.AuditTypesAsync()).Where(t => t != AuditEventTypes.SignedIn));
    }

    [Fact]
    public async Task The_enrolment_gives_the_authenticator_uri_and_the_same_secret_for_typing_in()
    {
        var client = await MfaApiClient.SignInAsync(Factory);

        using var response = await client.PostAsync("totp");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var start = await response.Content.ReadFromJsonAsync<JsonElement>();
        var key = start.GetProperty("manualEntryKey").GetString()!;
        Assert.StartsWith("otpauth://totp/Aict%20Identity:", start.GetProperty("authenticatorUri").GetString());
        Assert.Contains($"secret={key}", start.GetProperty("authenticatorUri").GetString());
        Assert.False((await client.SummaryAsync()).GetProperty("totp").GetBoolean());
    }

    [Fact]
    public async Task A_wrong_code_is_a_validation_problem_and_the_app_is_not_added()
    {
        var client = await MfaApiClient.SignInAsync(Factory);
        TotpCodes.StartNextStep(Factory.Clock);
        using var begun = await client.PostAsync("totp");
        var secret = OtpNet.Base32Encoding.ToBytes((await begun.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("manualEntryKey").GetString());
        var right = TotpCodes.At(secret, Factory.Clock.GetUtcNow());

        using var response = await client.PostAsync("totp/confirm", new { code = right == "000000" ? "111111" : "000000" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>())!;
        Assert.Contains(problem.Errors, e => string.Equals(e.Key, "code", StringComparison.OrdinalIgnoreCase));
        Assert.False((await client.SummaryAsync()).GetProperty("totp").GetBoolean());
        Assert.False(await client.Account.TwoFactorEnabledAsync());
    }

    [Fact]
    public async Task Adding_a_second_authenticator_app_is_a_conflict_and_confirming_without_one_being_added_too()
    {
        var client = await MfaApiClient.SignInAsync(Factory);
        using var nothingBegun = await client.PostAsync("totp/confirm", new { code = "123456" });
        Assert.Equal(HttpStatusCode.Conflict, nothingBegun.StatusCode);
        await client.EnrolTotpAsync();

        using var again = await client.PostAsync("totp");

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Regenerating_recovery_codes_shows_a_new_set_once_and_the_old_codes_stop_working()
    {
        var client = await MfaApiClient.SignInAsync(Factory);
        var (_, confirmed) = await client.EnrolTotpAsync();
        var old = confirmed.GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToList();

        using var response = await client.PostAsync("recovery-codes");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fresh = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("codes").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal(RecoveryCodeSet.CodesPerSet, fresh.Count);
        Assert.Empty(old.Intersect(fresh));
        Assert.False(await client.Account.RedeemAsync(old[0]));
        Assert.True(await client.Account.RedeemAsync(fresh[0]));
        Assert.Equal(RecoveryCodeSet.CodesPerSet - 1, (await client.SummaryAsync()).GetProperty("recoveryCodesLeft").GetInt32());
    }

    [Fact]
    public async Task Recovery_codes_cannot_be_generated_without_a_second_factor()
    {
        var client = await MfaApiClient.SignInAsync(Factory);

        using var response = await client.PostAsync("recovery-codes");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(0, (await client.SummaryAsync()).GetProperty("recoveryCodesLeft").GetInt32());
    }

    [Fact]
    public async Task Removing_the_only_authenticator_app_turns_two_step_sign_in_off_takes_the_recovery_codes_and_is_audited()
    {
        var client = await MfaApiClient.SignInAsync(Factory);
        await client.EnrolTotpAsync();

        using var removed = await client.DeleteAsync("totp");
        using var again = await client.DeleteAsync("totp");

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        var summary = await client.SummaryAsync();
        Assert.False(summary.GetProperty("totp").GetBoolean());
        Assert.Equal(0, summary.GetProperty("recoveryCodesLeft").GetInt32());
        Assert.False(await client.Account.TwoFactorEnabledAsync());
        Assert.Contains(AuditEventTypes.TotpRemoved, await client.Account.AuditTypesAsync());
    }

    [Fact]
    public async Task A_second_factor_comes_without_new_recovery_codes_the_first_ones_stay()
    {
        var client = await MfaApiClient.SignInAsync(Factory);
        await client.EnrolTotpAsync();

        var confirmed = await client.EnrolPhoneAsync(NewNumber());

        Assert.Equal(JsonValueKind.Null, confirmed.GetProperty("recoveryCodes").ValueKind);
        Assert.Equal(RecoveryCodeSet.CodesPerSet, (await client.SummaryAsync()).GetProperty("recoveryCodesLeft").GetInt32());
    }

    [Fact]
    public async Task Another_users_factors_are_not_the_callers()
    {
        var other = await MfaApiClient.SignInAsync(Factory);
        await other.EnrolTotpAsync();
        var client = await MfaApiClient.SignInAsync(Factory);

        Assert.False((await client.SummaryAsync()).GetProperty("totp").GetBoolean());
        using var removed = await client.DeleteAsync("totp");
        Assert.Equal(HttpStatusCode.NotFound, removed.StatusCode);
        Assert.True((await other.SummaryAsync()).GetProperty("totp").GetBoolean());
    }
}

// Servers of their own: these tests move the clock to the start of a TOTP step, which the shared servers' tests must not see.
public sealed class MfaApiTestsOnSqlite(SqliteServer server) : MfaApiTests(server), IClassFixture<SqliteServer>;

public sealed class MfaApiTestsOnPostgres(PostgresServer server) : MfaApiTests(server), IClassFixture<PostgresServer>;
