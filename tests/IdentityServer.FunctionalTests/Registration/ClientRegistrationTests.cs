using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Aict.IdentityServer.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.FunctionalTests.Registration;

/// <summary>
/// Dynamic client registration (RFC 7591) with an initial access token: a registered client works at once, and
/// every refusal is the RFC's error (invalid_token 401, invalid_redirect_uri / invalid_client_metadata 400).
/// </summary>
[Collection(OnSqlite.Name)]
public sealed class ClientRegistrationTests(SqliteServer server)
{
    private IdentityServerFactory Factory => server.Factory;

    private RegistrationCalls Calls { get; } = new(server.Factory.CreateBackChannel());

    [Fact]
    public async Task A_client_registered_with_the_demo_token_completes_a_code_flow_with_PKCE_at_once_and_after_deleting_itself_gets_invalid_client()
    {
        var registered = await Calls.RegisteredAsync(RegistrationCalls.WebClient());
        var flow = new CodeFlow(Factory);

        var tokens = await flow.SignInAsync(new AuthorizationRequest(registered.Client, "openid profile offline_access products:read"), DemoRealm.Alice);
        var deleted = await Calls.SendAsync(HttpMethod.Delete, registered.ClientUri, registered.RegistrationToken);
        var refresh = await flow.Tokens.RefreshAsync(registered.Client, tokens.RefreshToken!);

        Assert.NotNull(tokens.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.Status);
        Assert.Equal(Errors.InvalidClient, refresh.Error);
        Assert.Equal(Errors.InvalidClient, (await flow.Tokens.ClientCredentialsAsync(registered.Client, "products:read")).Error);
        // The access token issued before is refused wherever it is checked: its family is on the revocation list.
        await Eventually.MatchAsync(() => UserInfoStatusAsync(tokens.AccessToken!), status => status == HttpStatusCode.Unauthorized,
            "the deleted client's access token to be refused at userinfo");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Calls.SendAsync(HttpMethod.Get, registered.ClientUri, registered.RegistrationToken)).Status);
        await using var scope = Factory.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().AuditEvents
            .AnyAsync(e => e.Type == "client_registration_deleted" && e.ClientId == registered.ClientId && e.ActorId == null));
    }

    [Fact]
    public async Task The_answer_carries_the_registered_metadata_a_secret_shown_once_and_where_to_manage_the_registration()
    {
        var registered = await Calls.RegisteredAsync(RegistrationCalls.WebClient());

        Assert.StartsWith("dyn-", registered.ClientId);
        Assert.True(registered.Get("client_secret")!.Length >= 43);
        Assert.Equal(0, registered.Json.GetProperty("client_secret_expires_at").GetInt64());
        Assert.InRange(registered.Json.GetProperty("client_id_issued_at").GetInt64(),
            Factory.Clock.GetUtcNow().AddMinutes(-1).ToUnixTimeSeconds(), Factory.Clock.GetUtcNow().ToUnixTimeSeconds());
        Assert.Equal($"{IdentityServerFactory.Issuer}connect/register/{registered.ClientId}", registered.ClientUri);
        Assert.Equal(registered.ClientUri, registered.Headers.Location?.AbsoluteUri);
        Assert.True(registered.RegistrationToken.Length >= 43);
        Assert.Equal(["https://partner.example/callback"], registered.Strings("redirect_uris"));
        Assert.Equal(["https://partner.example/signed-out"], registered.Strings("post_logout_redirect_uris"));
        Assert.Equal(["authorization_code", "refresh_token"], registered.Strings("grant_types").Order());
        Assert.Equal(["code"], registered.Strings("response_types"));
        Assert.Equal("client_secret_basic", registered.Get("token_endpoint_auth_method"));
        Assert.Equal("web", registered.Get("application_type"));
        Assert.Equal("Partner Web", registered.Get("client_name"));
        Assert.Equal(["offline_access", "openid", "products:read", "profile"], registered.Get("scope")!.Split(' ').Order());
        Assert.Equal("explicit", registered.Get("consent_type"));
        Assert.True(registered.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task The_secret_and_the_registration_token_are_stored_only_as_hashes_and_the_registration_is_audited()
    {
        var registered = await Calls.RegisteredAsync(RegistrationCalls.WebClient());

        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var row = await db.Database.SqlQuery<string>($"SELECT \"ClientSecret\" || ' ' || \"Properties\" AS \"Value\" FROM \"OpenIddictApplications\" WHERE \"ClientId\" = {registered.ClientId}").SingleAsync();
        Assert.DoesNotContain(registered.Get("client_secret")!, row, StringComparison.Ordinal);
        Assert.DoesNotContain(registered.RegistrationToken, row, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(registered.RegistrationToken))), row, StringComparison.Ordinal);
        var audit = await db.AuditEvents.SingleAsync(e => e.ClientId == registered.ClientId);
        Assert.Equal("client_registered", audit.Type);
        Assert.Null(audit.UserId);
        Assert.Null(audit.ActorId);
    }

    [Fact]
    public async Task Discovery_names_the_registration_endpoint()
    {
        var discovery = await Factory.CreateBackChannel().GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");

        Assert.Equal($"{IdentityServerFactory.Issuer}connect/register", discovery.GetProperty("registration_endpoint").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("aict-dev-initial-access-token-but-longer")]
    public async Task A_registration_without_a_valid_initial_access_token_gets_401_invalid_token_and_no_client(string? token)
    {
        var answer = await Calls.RegisterAsync(token, RegistrationCalls.WebClient());

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal("invalid_token", answer.Error);
        Assert.Equal("Bearer error=\"invalid_token\"", answer.Headers.WwwAuthenticate.ToString());
        Assert.False(answer.Json.TryGetProperty("client_id", out _));
    }

    [Fact]
    public async Task Basic_credentials_instead_of_a_bearer_token_get_401_invalid_token()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/register") { Content = JsonContent.Create(RegistrationCalls.WebClient()) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("channel-web:channel-web-dev-secret"u8.ToArray()));

        var answer = await Answer.OfAsync(await Factory.CreateBackChannel().SendAsync(request));

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal("invalid_token", answer.Error);
    }

    [Theory]
    [InlineData("https://partner.example/callback#fragment")]
    [InlineData("http://partner.example/callback")]
    [InlineData("/callback")]
    [InlineData("javascript:alert(1)")]
    public async Task A_redirect_uri_that_is_not_absolute_https_without_fragment_is_refused_with_invalid_redirect_uri(string redirect)
    {
        var metadata = RegistrationCalls.WebClient();
        metadata["redirect_uris"] = new JsonArray(redirect);

        var answer = await Calls.RegisterAsync(RegistrationCalls.DemoToken, metadata);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("invalid_redirect_uri", answer.Error);
        Assert.False(string.IsNullOrEmpty(answer.Get("error_description")));
    }

    [Theory]
    [InlineData("grant_types", "[\"implicit\"]")]
    [InlineData("grant_types", "[\"password\"]")]
    [InlineData("token_endpoint_auth_method", "\"client_secret_jwt\"")]
    [InlineData("token_endpoint_auth_method", "\"private_key_jwt\"")]
    [InlineData("scope", "\"openid account\"")]
    [InlineData("scope", "\"openid inventory:write\"")]
    [InlineData("scope", "\"openid no-such-scope\"")]
    [InlineData("consent_type", "\"implicit\"")]
    [InlineData("jwks_uri", "\"https://partner.example/jwks\"")]
    [InlineData("backchannel_logout_uri", "\"https://partner.example/logout#x\"")]
    [InlineData("response_types", "[\"token\"]")]
    [InlineData("client_name", "\"Partner\\u0000App\"")]
    [InlineData("redirect_uris", "\"https://partner.example/callback\"")]
    [InlineData("require_mfa", "\"yes\"")]
    public async Task Metadata_this_server_or_the_token_does_not_allow_is_refused_with_invalid_client_metadata(string name, string json)
    {
        var metadata = RegistrationCalls.WebClient();
        metadata[name] = JsonNode.Parse(json);

        var answer = await Calls.RegisterAsync(RegistrationCalls.DemoToken, metadata);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("invalid_client_metadata", answer.Error);
    }

    [Fact]
    public async Task Bodies_that_are_not_a_json_object_are_refused_and_spend_nothing_of_a_single_use_token()
    {
        var (_, token) = await (await InitialAccessTokenAdmin.SignInAsync(Factory)).CreateAsync(Factory);
        var http = Factory.CreateBackChannel();
        (string Body, string Type)[] bodies =
        [
            ("{", "application/json"), ("[]", "application/json"), ("null", "application/json"), ("", "application/json"),
            ("{\"redirect_uris\": 5}", "application/json"), ("{\"client_name\": \"\\uD800\"}", "application/json"),
            (new string('[', 5000), "application/json"), ("redirect_uris=https://partner.example/cb", "application/x-www-form-urlencoded"),
            ("{}", "text/plain"),
        ];

        foreach (var (body, type) in bodies)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/register") { Content = new StringContent(body, Encoding.UTF8, type) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var answer = await Answer.OfAsync(await http.SendAsync(request));
            Assert.True(answer.Status == HttpStatusCode.BadRequest && answer.Error == "invalid_client_metadata", $"{type} {body}: {answer.Status} {answer.Json}");
        }

        using var huge = new HttpRequestMessage(HttpMethod.Post, "/connect/register")
        {
            Content = new StringContent($"{{\"client_name\": \"{new string('x', 200_000)}\"}}", Encoding.UTF8, "application/json"),
        };
        huge.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var tooLarge = await Answer.OfAsync(await http.SendAsync(huge));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.Status);
        Assert.Equal("invalid_client_metadata", tooLarge.Error);
        var fitting = new JsonObject { ["redirect_uris"] = new JsonArray("https://partner.example/callback"), ["scope"] = "openid" };
        Assert.Equal(HttpStatusCode.Created, (await Calls.RegisterAsync(token, fitting)).Status);
    }

    [Fact]
    public async Task Metadata_this_server_does_not_know_is_ignored()
    {
        var metadata = RegistrationCalls.WebClient();
        metadata["logo_uri"] = "https://partner.example/logo.png";
        metadata["software_statement"] = "eyJ.not.checked";
        metadata["x_custom"] = new JsonObject { ["nested"] = 1 };

        var registered = await Calls.RegisteredAsync(metadata);

        Assert.False(registered.Json.TryGetProperty("logo_uri", out _));
        Assert.False(registered.Json.TryGetProperty("x_custom", out _));
    }

    [Fact]
    public async Task A_native_public_client_gets_no_secret_and_signs_in_with_PKCE_on_a_loopback_redirect()
    {
        var registered = await Calls.RegisteredAsync(new JsonObject
        {
            ["application_type"] = "native",
            ["token_endpoint_auth_method"] = "none",
            ["redirect_uris"] = new JsonArray("http://127.0.0.1/callback", "com.partner.app:/oauth2redirect"),
            ["scope"] = "openid",
        });
        var request = new AuthorizationRequest(registered.Client with { RedirectUri = "http://127.0.0.1:51234/callback" }, "openid");

        var tokens = await new CodeFlow(Factory).SignInAsync(request, DemoRealm.Alice);

        Assert.Null(registered.Get("client_secret"));
        Assert.False(registered.Json.TryGetProperty("client_secret_expires_at", out _));
        Assert.NotNull(tokens.IdToken);
    }

    [Fact]
    public async Task A_private_key_jwt_client_registered_with_its_jwks_authenticates_with_a_client_assertion()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ECDsa.Create(key.ExportParameters(false))) { KeyId = "partner-key" });
        jwk.Use = "sig";
        jwk.Alg = SecurityAlgorithms.EcdsaSha256;
        var registered = await Calls.RegisteredAsync(new JsonObject
        {
            ["client_name"] = "Partner batch",
            ["grant_types"] = new JsonArray("client_credentials"),
            ["token_endpoint_auth_method"] = "private_key_jwt",
            ["jwks"] = new JsonObject { ["keys"] = new JsonArray(JsonNode.Parse(JsonSerializer.Serialize(jwk))) },
            ["scope"] = "products:read",
        });

        using var response = await Factory.CreateBackChannel().PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = "products:read",
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = Assertion(registered.ClientId, key),
        }));
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Null(registered.Get("client_secret"));
        Assert.Equal("private_key_jwt", registered.Get("token_endpoint_auth_method"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.ToString());
        Assert.Equal(registered.ClientId, new JsonWebToken(json.GetProperty("access_token").GetString()).Subject);
    }

    private string Assertion(string clientId, ECDsa key)
    {
        var now = Factory.Clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            TokenType = "client-authentication+jwt",
            Issuer = clientId,
            Audience = IdentityServerFactory.Issuer,
            Claims = new Dictionary<string, object> { [Claims.Subject] = clientId, [Claims.JwtId] = Guid.NewGuid().ToString("N") },
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(2),
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = "partner-key" }, SecurityAlgorithms.EcdsaSha256),
        });
    }

    private async Task<HttpStatusCode> UserInfoStatusAsync(string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await Factory.CreateBackChannel().SendAsync(request);
        return response.StatusCode;
    }
}
