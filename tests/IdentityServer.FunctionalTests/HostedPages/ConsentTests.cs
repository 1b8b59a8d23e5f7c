using System.Net;
using Aict.IdentityServer.FunctionalTests.Infrastructure;

namespace Aict.IdentityServer.FunctionalTests.HostedPages;

/// <summary>
/// The consent page for the third-party app <c>channel-mobile</c>; first-party apps never show it.
/// Consent is kept per user, client and scope set on a shared server, so each test that grants
/// uses a scope set no other test grants to the same user.
/// </summary>
public abstract class ConsentTests(ServerFixture server)
{
    /// <summary>Shown on the consent page by several tests, granted by none, so it always asks.</summary>
    internal const string ScopesAliceNeverGrants = "openid phone orders:write";

    internal const string AcceptButton = "button[formaction*='handler=Accept']";
    private const string DenyButton = "button[formaction*='handler=Deny']";
    private readonly CodeFlow _flow = new(server.Factory);

    [Fact]
    public async Task The_consent_page_names_the_app_and_its_scopes_and_denying_returns_access_denied_with_the_state()
    {
        var request = new AuthorizationRequest(DemoRealm.ChannelMobile, "openid profile orders:read");
        var consent = await ConsentPageAsync(request, DemoRealm.Alice);

        Assert.Equal(HttpStatusCode.OK, consent.Status);
        Assert.Contains("Channel Mobile would like to:", consent.Document.QuerySelector("main")!.TextContent);
        Assert.Equal(["openid", "profile", "orders:read"], consent.Document.QuerySelectorAll("ul.scopes code").Select(code => code.TextContent));
        Assert.Contains("See your orders", consent.Html);

        var denied = await _flow.Browser.SubmitAsync(consent, new Dictionary<string, string>(), DenyButton);

        Assert.Equal(request.RedirectUri, denied.LeftTo?.GetLeftPart(UriPartial.Path));
        var response = new AuthorizationResponse(denied.LeftTo!);
        Assert.Equal("access_denied", response.Error);
        Assert.Equal(request.State, response.State);
        Assert.Null(response.Code);
        Assert.Equal("/consent", (await _flow.Browser.GoAsync(request.Url)).Path);
    }

    [Fact]
    public async Task Accepting_returns_a_code_that_the_public_client_redeems_without_a_secret()
    {
        var request = new AuthorizationRequest(DemoRealm.ChannelMobile, "openid profile orders:read");
        var consent = await ConsentPageAsync(request, await TestUsers.CreateAsync(server.Factory));

        var accepted = await _flow.Browser.SubmitAsync(consent, new Dictionary<string, string>(), AcceptButton);

        var response = new AuthorizationResponse(accepted.LeftTo!);
        Assert.Equal(request.State, response.State);
        var tokens = await _flow.Tokens.RedeemAsync(request, response.Code!);
        Assert.True(tokens.Status == HttpStatusCode.OK, tokens.Json.ToString());
        await _flow.Validator.ValidateAsync(tokens.IdToken!, "channel-mobile", "JWT");
        var access = await _flow.Validator.ValidateAsync(tokens.AccessToken!, "commerce-api", "at+jwt");
        Assert.Equal("openid profile orders:read", access.GetClaim("scope").Value);
    }

    [Fact]
    public async Task Consent_is_remembered_across_sessions_for_the_same_scopes_and_asked_again_for_more()
    {
        const string scopes = "openid email reservations:read";
        var user = await TestUsers.CreateAsync(server.Factory);
        var first = await ConsentPageAsync(new AuthorizationRequest(DemoRealm.ChannelMobile, scopes), user);
        Assert.NotNull((await _flow.Browser.SubmitAsync(first, new Dictionary<string, string>(), AcceptButton)).LeftTo);

        var later = new CodeFlow(server.Factory);
        var again = new AuthorizationRequest(DemoRealm.ChannelMobile, scopes);
        var page = await later.Browser.SignInAsync(await later.Browser.GoAsync(again.Url), user.Email, user.Password);

        Assert.NotNull(new AuthorizationResponse(page.LeftTo!).Code);
        var more = await later.Browser.GoAsync(new AuthorizationRequest(DemoRealm.ChannelMobile, scopes + " reservations:write").Url);
        Assert.Equal("/consent", more.Path);
    }

    [Fact]
    public async Task Prompt_none_without_consent_answers_consent_required()
    {
        await _flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb), DemoRealm.Alice);
        var request = new AuthorizationRequest(DemoRealm.ChannelMobile, ScopesAliceNeverGrants);

        var response = await _flow.AuthorizeSilentlyAsync(request);

        Assert.Equal("consent_required", response.Error);
        Assert.Equal(request.State, response.State);
        Assert.Null(response.Code);
    }

    [Fact]
    public async Task Prompt_consent_shows_the_page_again_after_consent_was_given()
    {
        const string scopes = "openid address products:read";
        await _flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelMobile, scopes), DemoRealm.Admin);
        var request = new AuthorizationRequest(DemoRealm.ChannelMobile, scopes);
        request.Parameters["prompt"] = "consent";

        var consent = await _flow.Browser.GoAsync(request.Url);
        Assert.Equal("/consent", consent.Path);
        var accepted = await _flow.Browser.SubmitAsync(consent, new Dictionary<string, string>(), AcceptButton);

        Assert.NotNull(new AuthorizationResponse(accepted.LeftTo!).Code);
    }

    [Fact]
    public async Task First_party_apps_never_show_the_consent_page_even_when_asked_to()
    {
        foreach (var client in new[] { DemoRealm.ChannelWeb, DemoRealm.SsoPortal })
        {
            var flow = new CodeFlow(server.Factory);
            var request = new AuthorizationRequest(client, "openid profile email orders:read");
            var page = await flow.Browser.SignInAsync(await flow.Browser.GoAsync(request.Url), DemoRealm.Alice.Email, DemoRealm.Alice.Password);
            Assert.True(page.LeftTo is not null, $"{client.ClientId} stopped at {page.Url}");
            Assert.NotNull(new AuthorizationResponse(page.LeftTo).Code);

            var again = new AuthorizationRequest(client, "openid profile email orders:read orders:write");
            again.Parameters["prompt"] = "consent";
            Assert.NotNull(new AuthorizationResponse((await flow.Browser.GoAsync(again.Url)).LeftTo!).Code);
        }
    }

    /// <summary>Starts the request, signs in, and asserts that it stops at the consent page.</summary>
    internal static async Task<Navigation> ConsentPageAsync(Browser browser, AuthorizationRequest request, DemoUser user)
    {
        var page = await browser.SignInAsync(await browser.GoAsync(request.Url), user.Email, user.Password);
        Assert.True(page.LeftTo is null && page.Path == "/consent", $"Expected the consent page, got {page.Status} {page.LeftTo ?? page.Url}");
        return page;
    }

    private Task<Navigation> ConsentPageAsync(AuthorizationRequest request, DemoUser user) => ConsentPageAsync(_flow.Browser, request, user);
}

[Collection(OnSqlite.Name)]
public sealed class ConsentOnSqlite(SqliteServer server) : ConsentTests(server);

[Collection(OnPostgres.Name)]
public sealed class ConsentOnPostgres(PostgresServer server) : ConsentTests(server);
