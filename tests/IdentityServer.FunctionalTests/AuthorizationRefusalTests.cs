using System.Net;
using Aict.IdentityServer.FunctionalTests.Infrastructure;

namespace Aict.IdentityServer.FunctionalTests;

/// <summary>Authorization requests the server must refuse, and how it refuses them.</summary>
public abstract class AuthorizationRefusalTests(ServerFixture server)
{
    private readonly CodeFlow _flow = new(server.Factory);

    [Fact]
    public async Task A_request_without_PKCE_is_refused_back_to_the_client()
    {
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb);
        request.Parameters["code_challenge"] = null;
        request.Parameters["code_challenge_method"] = null;

        var response = await _flow.AuthorizeAsync(request, DemoRealm.Alice);

        Assert.Equal("invalid_request", response.Error);
        Assert.Equal(request.State, response.State);
        Assert.Null(response.Code);
    }

    [Fact]
    public async Task A_plain_code_challenge_is_refused()
    {
        var request = new AuthorizationRequest(DemoRealm.ChannelMobile);
        request.Parameters["code_challenge"] = request.CodeVerifier;
        request.Parameters["code_challenge_method"] = "plain";

        var response = await _flow.AuthorizeAsync(request, DemoRealm.Alice);

        Assert.Equal("invalid_request", response.Error);
        Assert.Null(response.Code);
    }

    [Fact]
    public async Task A_code_redeemed_with_the_wrong_verifier_is_refused()
    {
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb);
        var response = await _flow.AuthorizeAsync(request, DemoRealm.Alice);
        var wrong = new AuthorizationRequest(DemoRealm.ChannelWeb);

        var tokens = await _flow.Tokens.PostAsync("/connect/token", DemoRealm.ChannelWeb, new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = response.Code!,
            ["redirect_uri"] = request.RedirectUri,
            ["code_verifier"] = wrong.CodeVerifier,
        });

        Assert.Equal(HttpStatusCode.BadRequest, tokens.Status);
        Assert.Equal("invalid_grant", tokens.Error);
    }

    [Theory]
    [InlineData("token")]
    [InlineData("id_token")]
    [InlineData("code id_token")]
    public async Task Implicit_and_hybrid_response_types_are_refused(string responseType)
    {
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb);
        request.Parameters["response_type"] = responseType;

        var response = await _flow.AuthorizeAsync(request, DemoRealm.Alice);

        Assert.Equal("unsupported_response_type", response.Error);
        Assert.Equal(request.State, response.State);
        Assert.Equal(IdentityServerFactory.Issuer, response.Issuer);
    }

    [Theory]
    [InlineData("http://localhost:5400/signin-oidc/extra")]
    [InlineData("http://localhost:5401/signin-oidc")]
    [InlineData("https://evil.example/signin-oidc")]
    public async Task A_redirect_uri_that_does_not_match_exactly_shows_an_error_page_and_never_redirects(string redirectUri)
    {
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb) { RedirectUri = redirectUri };

        var page = await _flow.Browser.GoAsync(request.Url);

        Assert.Null(page.LeftTo);
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains("invalid_request", page.Html);
    }

    [Fact]
    public async Task A_native_client_may_use_its_loopback_redirect_on_any_port()
    {
        foreach (var port in new[] { 49152, 61234 })
        {
            var request = new AuthorizationRequest(DemoRealm.ChannelMobile, "openid offline_access")
            {
                RedirectUri = $"http://127.0.0.1:{port}/callback",
            };

            var tokens = await _flow.SignInAsync(request, DemoRealm.Alice);

            Assert.NotNull(tokens.RefreshToken);
        }
    }

    [Theory]
    [InlineData("http://127.0.0.1:49152/other")]
    [InlineData("http://localhost:49152/callback")]
    [InlineData("http://127.0.0.2:49152/callback")]
    public async Task Loopback_redirects_still_match_scheme_host_and_path(string redirectUri)
    {
        var request = new AuthorizationRequest(DemoRealm.ChannelMobile) { RedirectUri = redirectUri };

        var page = await _flow.Browser.GoAsync(request.Url);

        Assert.Null(page.LeftTo);
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
    }

    [Fact]
    public async Task A_web_client_gets_no_loopback_port_freedom()
    {
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb) { RedirectUri = "http://127.0.0.1:5400/signin-oidc" };

        var page = await _flow.Browser.GoAsync(request.Url);

        Assert.Null(page.LeftTo);
    }

    [Theory]
    [InlineData("request", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "request_not_supported")]
    [InlineData("request_uri", "https://client.example/request.jwt", "request_uri_not_supported")]
    public async Task Request_objects_are_refused_by_their_own_error_code(string parameter, string value, string error)
    {
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb);
        request.Parameters[parameter] = value;

        var response = await _flow.AuthorizeAsync(request, DemoRealm.Alice);

        Assert.Equal(error, response.Error);
    }

    [Fact]
    public async Task A_malformed_claims_parameter_is_refused_with_invalid_request()
    {
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb);
        request.Parameters["claims"] = "{not json";

        var response = await _flow.AuthorizeAsync(request, DemoRealm.Alice);

        Assert.Equal("invalid_request", response.Error);
    }

    [Fact]
    public async Task A_scope_the_client_may_not_ask_for_is_refused_with_invalid_scope()
    {
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb, "openid account");

        var response = await _flow.AuthorizeAsync(request, DemoRealm.Alice);

        Assert.Equal("invalid_scope", response.Error);
    }
}

[Collection(OnSqlite.Name)]
public sealed class AuthorizationRefusalOnSqlite(SqliteServer server) : AuthorizationRefusalTests(server);

[Collection(OnPostgres.Name)]
public sealed class AuthorizationRefusalOnPostgres(PostgresServer server) : AuthorizationRefusalTests(server);
