using System.Net;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;

namespace Aict.IdentityServer.FunctionalTests.HostedPages;

/// <summary>RP-Initiated Logout through the end-session endpoint and the sign-out page.</summary>
public abstract class LogoutTests(ServerFixture server)
{
    private static readonly string PostLogoutRedirectUri = DemoRealm.ChannelWeb.PostLogoutRedirectUri!;
    private readonly CodeFlow _flow = new(server.Factory);

    [Fact]
    public async Task Logout_with_the_id_token_hint_ends_the_session_and_returns_to_the_client_with_its_state()
    {
        var tokens = await _flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb), DemoRealm.Alice);

        var page = await _flow.Browser.GoAsync(EndSessionUrl(new()
        {
            ["id_token_hint"] = tokens.IdToken!,
            ["post_logout_redirect_uri"] = PostLogoutRedirectUri,
            ["state"] = "xyz",
        }));

        Assert.Equal(PostLogoutRedirectUri, page.LeftTo?.GetLeftPart(UriPartial.Path));
        Assert.Equal("xyz", QueryHelpers.ParseQuery(page.LeftTo!.Query).GetValueOrDefault("state"));
        Assert.Equal("login_required", (await _flow.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.ChannelWeb))).Error);
    }

    [Fact]
    public async Task Logout_without_a_hint_asks_first_and_confirming_ends_the_session_and_returns_to_the_client()
    {
        await _flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb), DemoRealm.Alice);

        var confirm = await _flow.Browser.GoAsync(EndSessionUrl(new()
        {
            ["client_id"] = DemoRealm.ChannelWeb.ClientId,
            ["post_logout_redirect_uri"] = PostLogoutRedirectUri,
            ["state"] = "xyz",
        }));

        Assert.Equal(HttpStatusCode.OK, confirm.Status);
        Assert.Equal("/account/logout", confirm.Path);
        Assert.Contains("Do you want to sign out of every Aict app on this device?", confirm.Html);
        Assert.NotNull((await _flow.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.ChannelWeb))).Code);

        var done = await _flow.Browser.SubmitAsync(confirm, new Dictionary<string, string>());

        Assert.Equal(PostLogoutRedirectUri, done.LeftTo?.GetLeftPart(UriPartial.Path));
        Assert.Equal("xyz", QueryHelpers.ParseQuery(done.LeftTo!.Query).GetValueOrDefault("state"));
        Assert.Equal("login_required", (await _flow.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.ChannelWeb))).Error);
    }

    [Fact]
    public async Task Logout_without_a_client_shows_the_signed_out_page()
    {
        await _flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb), DemoRealm.Alice);
        var confirm = await _flow.Browser.GoAsync("/connect/endsession");

        var done = await _flow.Browser.SubmitAsync(confirm, new Dictionary<string, string>());

        Assert.Null(done.LeftTo);
        Assert.Equal("/account/logout/done", done.Path);
        Assert.Contains("You are signed out", done.Html);
        Assert.Equal("login_required", (await _flow.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.ChannelWeb))).Error);
    }

    [Theory]
    [InlineData("https://evil.example/signout-callback-oidc")]
    [InlineData("http://localhost:5400/signout-callback-oidc/extra")]
    [InlineData("http://localhost:5300/signout-callback-oidc")]
    public async Task A_post_logout_redirect_uri_not_registered_for_the_client_is_refused_on_an_error_page_and_the_session_stays(string postLogoutRedirectUri)
    {
        var tokens = await _flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb), DemoRealm.Alice);

        var page = await _flow.Browser.GoAsync(EndSessionUrl(new()
        {
            ["id_token_hint"] = tokens.IdToken!,
            ["post_logout_redirect_uri"] = postLogoutRedirectUri,
            ["state"] = "xyz",
        }));

        Assert.Null(page.LeftTo);
        Assert.Null(page.Headers.Location);
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal("invalid_request", page.Document.QuerySelector("#error-code")?.TextContent);
        Assert.NotNull((await _flow.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.ChannelWeb))).Code);
    }

    [Fact]
    public async Task A_sign_out_posted_without_the_anti_forgery_token_leaves_the_session_alone()
    {
        await _flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb), DemoRealm.Alice);
        var confirm = await _flow.Browser.GoAsync("/connect/endsession");
        Assert.Equal("/account/logout", confirm.Path);

        using var response = await _flow.Browser.Http.PostAsync(confirm.Url, new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await _flow.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.ChannelWeb))).Code);
    }

    private static string EndSessionUrl(Dictionary<string, string> parameters) =>
        "/connect/endsession" + new QueryBuilder(parameters).ToQueryString();
}

[Collection(OnSqlite.Name)]
public sealed class LogoutOnSqlite(SqliteServer server) : LogoutTests(server);

[Collection(OnPostgres.Name)]
public sealed class LogoutOnPostgres(PostgresServer server) : LogoutTests(server);
