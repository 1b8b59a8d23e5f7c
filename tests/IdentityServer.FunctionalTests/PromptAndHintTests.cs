using Aict.IdentityServer.FunctionalTests.Infrastructure;

namespace Aict.IdentityServer.FunctionalTests;

/// <summary>prompt, max_age, id_token_hint, login_hint and the other OpenID Connect request parameters.</summary>
public abstract class PromptAndHintTests(ServerFixture server)
{
    private readonly CodeFlow _flow = new(server.Factory);

    [Fact]
    public async Task Prompt_none_without_a_session_answers_login_required()
    {
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb);
        request.Parameters["prompt"] = "none";

        var page = await _flow.Browser.GoAsync(request.Url);

        var response = new AuthorizationResponse(page.LeftTo!);
        Assert.Equal("login_required", response.Error);
        Assert.Equal(request.State, response.State);
    }

    [Fact]
    public async Task Prompt_none_with_a_session_signs_in_silently_in_the_same_session()
    {
        var first = await _flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb), DemoRealm.Alice);
        var silent = new AuthorizationRequest(DemoRealm.SsoPortal);
        silent.Parameters["prompt"] = "none";

        var page = await _flow.Browser.GoAsync(silent.Url);

        var response = new AuthorizationResponse(page.LeftTo!);
        Assert.NotNull(response.Code);
        var tokens = await _flow.Tokens.RedeemAsync(silent, response.Code!);
        var before = await _flow.Validator.ValidateAsync(first.IdToken!, "channel-web", "JWT");
        var after = await _flow.Validator.ValidateAsync(tokens.IdToken!, "sso-portal", "JWT");
        Assert.Equal(before.GetClaim("sid").Value, after.GetClaim("sid").Value);
        Assert.Equal(before.GetPayloadValue<long>("auth_time"), after.GetPayloadValue<long>("auth_time"));
    }

    [Fact]
    public async Task Prompt_login_asks_for_the_password_again_and_moves_auth_time_forward()
    {
        var first = await _flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb), DemoRealm.Alice);
        server.Factory.Clock.Advance(TimeSpan.FromSeconds(2));
        var again = new AuthorizationRequest(DemoRealm.ChannelWeb);
        again.Parameters["prompt"] = "login";

        var page = await _flow.Browser.GoAsync(again.Url);
        Assert.Equal("/account/login", page.Path);
        var tokens = await _flow.SignInAsync(again, DemoRealm.Alice);

        var before = await _flow.Validator.ValidateAsync(first.IdToken!, "channel-web", "JWT");
        var after = await _flow.Validator.ValidateAsync(tokens.IdToken!, "channel-web", "JWT");
        Assert.True(after.GetPayloadValue<long>("auth_time") > before.GetPayloadValue<long>("auth_time"));
    }

    [Fact]
    public async Task Max_age_older_than_the_sign_in_forces_a_new_one_and_auth_time_is_returned()
    {
        await _flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb), DemoRealm.Alice);
        server.Factory.Clock.Advance(TimeSpan.FromSeconds(5));
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb);
        request.Parameters["max_age"] = "1";

        var page = await _flow.Browser.GoAsync(request.Url);
        Assert.Equal("/account/login", page.Path);
        var tokens = await _flow.SignInAsync(request, DemoRealm.Alice);

        var id = await _flow.Validator.ValidateAsync(tokens.IdToken!, "channel-web", "JWT");
        Assert.InRange(server.Factory.Clock.GetUtcNow().ToUnixTimeSeconds() - id.GetPayloadValue<long>("auth_time"), 0, 2);
    }

    [Fact]
    public async Task An_id_token_hint_for_another_user_with_prompt_none_answers_login_required()
    {
        var bob = new CodeFlow(server.Factory);
        var bobTokens = await bob.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb), DemoRealm.Bob);
        await _flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb), DemoRealm.Alice);
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb);
        request.Parameters["prompt"] = "none";
        request.Parameters["id_token_hint"] = bobTokens.IdToken;

        var page = await _flow.Browser.GoAsync(request.Url);

        Assert.Equal("login_required", new AuthorizationResponse(page.LeftTo!).Error);
    }

    [Fact]
    public async Task An_id_token_hint_for_the_signed_in_user_is_accepted_silently()
    {
        var tokens = await _flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb), DemoRealm.Alice);
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb);
        request.Parameters["prompt"] = "none";
        request.Parameters["id_token_hint"] = tokens.IdToken;

        var page = await _flow.Browser.GoAsync(request.Url);

        Assert.NotNull(new AuthorizationResponse(page.LeftTo!).Code);
    }

    [Fact]
    public async Task Login_hint_fills_in_the_e_mail_on_the_sign_in_page()
    {
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb);
        request.Parameters["login_hint"] = "bob@example.com";

        var page = await _flow.Browser.GoAsync(request.Url);

        Assert.Equal("bob@example.com", page.Document.QuerySelector("#Input_Email")?.GetAttribute("value"));
    }

    [Fact]
    public async Task Display_locales_acr_values_and_unknown_parameters_are_accepted()
    {
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb);
        request.Parameters["display"] = "touch";
        request.Parameters["ui_locales"] = "ko en";
        request.Parameters["claims_locales"] = "ko";
        request.Parameters["acr_values"] = "urn:aict:loa:1";
        request.Parameters["something_new"] = "value";
        request.Parameters["nonce"] = null;

        var tokens = await _flow.SignInAsync(request, DemoRealm.Alice);

        var id = await _flow.Validator.ValidateAsync(tokens.IdToken!, "channel-web", "JWT");
        Assert.False(id.TryGetPayloadValue<string>("nonce", out _));
    }

    [Fact]
    public async Task Essential_claims_requested_with_the_claims_parameter_are_released()
    {
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb, "openid");
        request.Parameters["claims"] = """{"id_token":{"email":{"essential":true}},"userinfo":{"name":{"essential":true}}}""";

        var tokens = await _flow.SignInAsync(request, DemoRealm.Alice);

        var id = await _flow.Validator.ValidateAsync(tokens.IdToken!, "channel-web", "JWT");
        Assert.Equal("alice@example.com", id.GetClaim("email").Value);
        using var http = server.Factory.CreateBackChannel();
        http.DefaultRequestHeaders.Authorization = new("Bearer", tokens.AccessToken);
        var userInfo = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/connect/userinfo")).RootElement;
        Assert.Equal("Alice Kim", userInfo.GetProperty("name").GetString());
        Assert.False(userInfo.TryGetProperty("email", out _));
    }
}

[Collection(OnSqlite.Name)]
public sealed class PromptAndHintOnSqlite(SqliteServer server) : PromptAndHintTests(server);

[Collection(OnPostgres.Name)]
public sealed class PromptAndHintOnPostgres(PostgresServer server) : PromptAndHintTests(server);
