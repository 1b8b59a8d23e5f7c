using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Aict.IdentityServer.FunctionalTests.Infrastructure;

namespace Aict.IdentityServer.FunctionalTests;

public abstract class CodeFlowTests(ServerFixture server)
{
    private const string AllUserScopes = "openid profile email phone address offline_access orders:read";
    private readonly CodeFlow _flow = new(server.Factory);

    [Fact]
    public async Task Alice_signs_in_through_the_form_and_the_client_gets_valid_ID_and_access_tokens()
    {
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb, AllUserScopes);

        var response = await _flow.AuthorizeAsync(request, DemoRealm.Alice);

        Assert.StartsWith(DemoRealm.ChannelWeb.RedirectUri!, response.Location.GetLeftPart(UriPartial.Path));
        Assert.Equal(request.State, response.State);
        Assert.Equal(IdentityServerFactory.Issuer, response.Issuer);
        var tokens = await _flow.Tokens.RedeemAsync(request, response.Code!);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.NotNull(tokens.RefreshToken);

        var id = await _flow.Validator.ValidateAsync(tokens.IdToken!, "channel-web", "JWT");
        Assert.Equal(request.Nonce, id.GetClaim("nonce").Value);
        Assert.False(string.IsNullOrEmpty(id.GetClaim("sid").Value));
        // The server's clock: tests sharing this server may have moved it.
        var now = server.Factory.Clock.GetUtcNow();
        Assert.InRange(id.GetPayloadValue<long>("auth_time"), now.AddMinutes(-1).ToUnixTimeSeconds(), now.AddMinutes(1).ToUnixTimeSeconds());
        Assert.Equal(["pwd"], id.GetPayloadValue<string[]>("amr"));
        Assert.Equal("urn:aict:loa:1", id.GetClaim("acr").Value);
        Assert.False(id.TryGetPayloadValue<string>("email", out _), "personal data stays out of the ID token unless asked for");

        var access = await _flow.Validator.ValidateAsync(tokens.AccessToken!, "commerce-api", "at+jwt");
        Assert.Equal(id.Subject, access.Subject);
        Assert.Equal(id.GetClaim("sid").Value, access.GetClaim("sid").Value);
        Assert.Equal("channel-web", access.GetClaim("client_id").Value);
        Assert.Equal(AllUserScopes, access.GetClaim("scope").Value);
        Assert.False(string.IsNullOrEmpty(access.Id));
        Assert.False(string.IsNullOrEmpty(access.GetClaim("oi_au_id").Value), "the token family (authorization) is named in the access token");
        Assert.False(access.TryGetPayloadValue<string>("aict_family_started", out _), "server-only claims never leave the server");
    }

    [Fact]
    public async Task Userinfo_releases_the_standard_claims_of_each_granted_scope_by_GET_and_by_POST()
    {
        var tokens = await _flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, AllUserScopes), DemoRealm.Alice);
        using var http = server.Factory.CreateBackChannel();

        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
        {
            using var request = new HttpRequestMessage(method, "/connect/userinfo");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
            if (method == HttpMethod.Post)
            {
                request.Content = new FormUrlEncodedContent([]);
            }

            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var claims = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

            Assert.Equal("Alice Kim", claims.GetProperty("name").GetString());
            Assert.Equal("alice@example.com", claims.GetProperty("email").GetString());
            Assert.True(claims.GetProperty("email_verified").GetBoolean());
            Assert.Equal("+82 10-1111-2222", claims.GetProperty("phone_number").GetString());
            Assert.True(claims.GetProperty("phone_number_verified").GetBoolean());
            Assert.Equal("Seoul", claims.GetProperty("address").GetProperty("region").GetString());
            Assert.Equal(JsonValueKind.Number, claims.GetProperty("updated_at").ValueKind);
        }
    }

    [Fact]
    public async Task Userinfo_releases_only_what_the_scopes_allow()
    {
        var tokens = await _flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, "openid email"), DemoRealm.Alice);
        using var http = server.Factory.CreateBackChannel();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);

        var claims = JsonDocument.Parse(await http.GetStringAsync("/connect/userinfo")).RootElement;

        Assert.Equal("alice@example.com", claims.GetProperty("email").GetString());
        Assert.False(claims.TryGetProperty("name", out _));
        Assert.False(claims.TryGetProperty("phone_number", out _));
    }

    [Fact]
    public async Task Userinfo_without_a_valid_token_is_refused_with_a_bearer_challenge()
    {
        using var http = server.Factory.CreateBackChannel();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");

        using var response = await http.GetAsync("/connect/userinfo");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task A_confidential_client_may_redeem_its_code_with_client_secret_post()
    {
        var request = new AuthorizationRequest(DemoRealm.SsoPortal);
        var response = await _flow.AuthorizeAsync(request, DemoRealm.Alice);

        var tokens = await _flow.Tokens.RedeemAsync(request, response.Code!, basicAuth: false);

        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        await _flow.Validator.ValidateAsync(tokens.IdToken!, "sso-portal", "JWT");
    }

    [Fact]
    public async Task The_authorization_endpoint_accepts_POST()
    {
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb);
        await _flow.AuthorizeAsync(request, DemoRealm.Alice);
        var form = new FormUrlEncodedContent(Microsoft.AspNetCore.WebUtilities.QueryHelpers
            .ParseQuery(new Uri(new Uri(IdentityServerFactory.Issuer), request.Url).Query)
            .ToDictionary(p => p.Key, p => p.Value.ToString()));

        using var posted = await _flow.Browser.Http.PostAsync("/connect/authorize", form);

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var response = new AuthorizationResponse(posted.Headers.Location!);
        Assert.NotNull(response.Code);
        Assert.Equal(request.State, response.State);
    }
}

[Collection(OnSqlite.Name)]
public sealed class CodeFlowOnSqlite(SqliteServer server) : CodeFlowTests(server);

[Collection(OnPostgres.Name)]
public sealed class CodeFlowOnPostgres(PostgresServer server) : CodeFlowTests(server);
