using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Aict.IdentityServer.FunctionalTests.HostedPages;

/// <summary>The second step of the sign-in: who is challenged, with what, and what the tokens then say.</summary>
public abstract class MfaSignInTests(ServerFixture server)
{
    private IdentityServerFactory Factory => server.Factory;

    private readonly CodeFlow _flow = new(server.Factory);

    [Fact]
    public async Task Bob_signs_in_with_password_and_demo_authenticator_code_and_the_tokens_say_mfa()
    {
        var tokens = await _flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb), DemoRealm.Bob);

        var id = await _flow.Validator.ValidateAsync(tokens.IdToken!, "channel-web", "JWT");
        Assert.Equal(["pwd", "otp", "mfa"], id.GetPayloadValue<string[]>("amr"));
        Assert.Equal("urn:aict:loa:2", id.GetClaim("acr").Value);
        // Resource servers read the same facts for step-up (RFC 9470).
        Assert.Equal("urn:aict:loa:2", new JsonWebToken(tokens.AccessToken!).GetClaim("acr").Value);
    }

    [Fact]
    public async Task A_user_with_an_authenticator_gets_no_session_from_the_password_alone()
    {
        var user = await MfaUsers.WithTotpAsync(Factory);
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb);

        var challenge = await _flow.Browser.SignInAsync(await _flow.Browser.GoAsync(request.Url), user.Email, user.Password);
        Assert.Equal("/Account/Mfa", challenge.Path);

        // Leaving the challenge for another client: still no session, the sign-in page again.
        var silent = new AuthorizationRequest(DemoRealm.SsoPortal);
        Assert.Equal("login_required", (await _flow.AuthorizeSilentlyAsync(silent)).Error);
    }

    [Fact]
    public async Task A_wrong_code_and_a_reused_code_are_refused_with_the_same_message()
    {
        var user = await MfaUsers.WithTotpAsync(Factory);
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb);
        var challenge = await _flow.Browser.SignInAsync(await _flow.Browser.GoAsync(request.Url), user.Email, user.Password);
        var code = Factory.Authenticator.NextCode(user.TotpSecret!);
        var wrong = code == "000000" ? "111111" : "000000";

        var afterWrong = await _flow.Browser.SubmitAsync(challenge, new Dictionary<string, string> { ["Code"] = wrong });
        Assert.Equal("/Account/Mfa", afterWrong.Path);
        var message = afterWrong.Document.QuerySelector("#mfa-error")!.TextContent;

        var accepted = await _flow.Browser.SubmitAsync(afterWrong, new Dictionary<string, string> { ["Code"] = code });
        Assert.NotNull(accepted.LeftTo);

        // The same code in another browser, within its time step: refused.
        var other = new CodeFlow(Factory);
        var again = await other.Browser.SignInAsync(await other.Browser.GoAsync(new AuthorizationRequest(DemoRealm.ChannelWeb).Url), user.Email, user.Password);
        var replayed = await other.Browser.SubmitAsync(again, new Dictionary<string, string> { ["Code"] = code });
        Assert.Null(replayed.LeftTo);
        Assert.Equal(message, replayed.Document.QuerySelector("#mfa-error")!.TextContent);
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once_and_is_refused_the_second_time()
    {
        var user = await MfaUsers.WithTotpAsync(Factory);
        var codes = await MfaUsers.RecoveryCodesAsync(Factory, user);

        var used = await SignInWithRecoveryCodeAsync(new CodeFlow(Factory), user, codes[0]);
        Assert.NotNull(used.LeftTo);
        var flow = new CodeFlow(Factory);
        var refused = await SignInWithRecoveryCodeAsync(flow, user, codes[0]);
        Assert.Null(refused.LeftTo);
        Assert.NotNull(refused.Document.QuerySelector("#mfa-error"));
    }

    [Fact]
    public async Task Five_wrong_second_factors_lock_the_account()
    {
        var user = await MfaUsers.WithTotpAsync(Factory);
        var page = await _flow.Browser.SignInAsync(await _flow.Browser.GoAsync(new AuthorizationRequest(DemoRealm.ChannelWeb).Url), user.Email, user.Password);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            page = await _flow.Browser.SubmitAsync(page, new Dictionary<string, string> { ["Code"] = "bad-code" }, "button[type=submit]");
        }

        Assert.Contains("locked", page.Document.QuerySelector("#mfa-error")!.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.Null(page.Document.QuerySelector("input[name=Code]"));
    }

    [Fact]
    public async Task Acr_values_asking_for_mfa_steps_up_the_running_session_without_a_new_password()
    {
        var user = await TestUsers.CreateAsync(Factory);
        var first = await _flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb), user);
        var enrolled = await MfaUsers.EnrolTotpAsync(Factory, user);
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb);
        request.Parameters["acr_values"] = "urn:aict:loa:2";

        var challenge = await _flow.Browser.GoAsync(request.Url);
        Assert.Equal("/Account/Mfa", challenge.Path);
        var done = await _flow.Browser.SubmitAsync(challenge, new Dictionary<string, string> { ["Code"] = Factory.Authenticator.NextCode(enrolled.TotpSecret!) });

        var tokens = await _flow.Tokens.RedeemAsync(request, new AuthorizationResponse(done.LeftTo!).Code!);
        var before = await _flow.Validator.ValidateAsync(first.IdToken!, "channel-web", "JWT");
        var after = await _flow.Validator.ValidateAsync(tokens.IdToken!, "channel-web", "JWT");
        Assert.Equal(["pwd", "otp", "mfa"], after.GetPayloadValue<string[]>("amr"));
        Assert.Equal("urn:aict:loa:2", after.GetClaim("acr").Value);
        Assert.Equal(before.GetClaim("sid").Value, after.GetClaim("sid").Value);
    }

    [Fact]
    public async Task Max_age_makes_a_user_with_mfa_pass_both_factors_again_in_the_same_session()
    {
        var user = await MfaUsers.WithTotpAsync(Factory);
        var first = await _flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb), user);
        Factory.Clock.Advance(TimeSpan.FromSeconds(61));
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb);
        request.Parameters["max_age"] = "60";

        var login = await _flow.Browser.GoAsync(request.Url);
        Assert.Equal("/account/login", login.Path, ignoreCase: true);
        var tokens = await _flow.SignInAsync(request, user);

        var before = await _flow.Validator.ValidateAsync(first.IdToken!, "channel-web", "JWT");
        var after = await _flow.Validator.ValidateAsync(tokens.IdToken!, "channel-web", "JWT");
        Assert.True(after.GetPayloadValue<long>("auth_time") > before.GetPayloadValue<long>("auth_time"));
        Assert.Equal(["pwd", "otp", "mfa"], after.GetPayloadValue<string[]>("amr"));
        Assert.Equal(before.GetClaim("sid").Value, after.GetClaim("sid").Value);
    }

    [Fact]
    public async Task Prompt_none_asking_for_mfa_on_a_password_session_answers_interaction_required()
    {
        await _flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb), await TestUsers.CreateAsync(Factory));
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb);
        request.Parameters["acr_values"] = "urn:aict:loa:2";

        Assert.Equal("interaction_required", (await _flow.AuthorizeSilentlyAsync(request)).Error);
    }

    [Fact]
    public async Task A_client_requiring_mfa_takes_a_user_without_a_factor_to_enrolment_then_shows_recovery_codes_once()
    {
        var client = await TestClients.CreateWebClientAsync(Factory, d => d.Properties["require_mfa"] = System.Text.Json.JsonSerializer.SerializeToElement(true));
        var user = await TestUsers.CreateAsync(Factory);
        var request = new AuthorizationRequest(client, "openid profile");

        var enrol = await _flow.Browser.SignInAsync(await _flow.Browser.GoAsync(request.Url), user.Email, user.Password);
        Assert.Equal("/Account/Mfa/Enrol", enrol.Path);
        Assert.NotNull(enrol.Document.QuerySelector("svg.qr-code[role=img]"));
        var secret = enrol.Document.QuerySelector("#totp-secret")!.TextContent.Trim();
        var done = await _flow.Browser.SubmitAsync(enrol, new Dictionary<string, string> { ["Code"] = Factory.Authenticator.NextCode(secret) });

        Assert.Equal(10, done.Document.QuerySelectorAll("#recovery-codes li").Length);
        var proceed = await _flow.Browser.GoAsync(done.Document.QuerySelector("#continue")!.GetAttribute("href")!);
        var tokens = await _flow.Tokens.RedeemAsync(request, new AuthorizationResponse(proceed.LeftTo!).Code!);
        var id = await _flow.Validator.ValidateAsync(tokens.IdToken!, client.ClientId, "JWT");
        Assert.Equal("urn:aict:loa:2", id.GetClaim("acr").Value);
        Assert.Equal(["pwd", "otp", "mfa"], id.GetPayloadValue<string[]>("amr"));
    }

    private static async Task<Navigation> SignInWithRecoveryCodeAsync(CodeFlow flow, DemoUser user, string code)
    {
        var challenge = await flow.Browser.SignInAsync(await flow.Browser.GoAsync(new AuthorizationRequest(DemoRealm.ChannelWeb).Url), user.Email, user.Password);
        var recovery = await flow.Browser.GoAsync(challenge.Document.QuerySelector("#use-recovery")!.GetAttribute("href")!);
        return await flow.Browser.SubmitAsync(recovery, new Dictionary<string, string> { ["Code"] = code });
    }
}

[Collection(OnSqlite.Name)]
public sealed class MfaSignInTestsOnSqlite(SqliteServer server) : MfaSignInTests(server);

[Collection(OnPostgres.Name)]
public sealed class MfaSignInTestsOnPostgres(PostgresServer server) : MfaSignInTests(server);
