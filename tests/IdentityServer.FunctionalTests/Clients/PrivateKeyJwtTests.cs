using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.FunctionalTests.Clients;

/// <summary>RFC 7523 client authentication: a partner proves itself with a JWT signed by its own ES256 key; no shared secret.</summary>
public abstract class PrivateKeyJwtTests(ServerFixture server)
{
    private const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private readonly HttpClient _http = server.Factory.CreateBackChannel();

    [Fact]
    public async Task A_partner_signing_its_assertion_with_its_registered_key_gets_a_token()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var clientId = await RegisterPartnerAsync(key);

        var (status, json) = await RequestTokenAsync(Assertion(clientId, key));

        Assert.True(status == HttpStatusCode.OK, json.ToString());
        var token = new JsonWebToken(json.GetProperty("access_token").GetString());
        Assert.Equal(clientId, token.Subject);
        Assert.Equal(["commerce-api"], token.Audiences);
    }

    [Fact]
    public async Task An_assertion_signed_with_another_key_is_refused_with_invalid_client()
    {
        using var registered = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var stolen = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var clientId = await RegisterPartnerAsync(registered);

        var (status, json) = await RequestTokenAsync(Assertion(clientId, stolen));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", json.GetProperty("error").GetString());
        Assert.False(json.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task An_assertion_for_another_audience_is_refused_with_invalid_client()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var clientId = await RegisterPartnerAsync(key);

        var (status, json) = await RequestTokenAsync(Assertion(clientId, key, audience: "https://elsewhere.example/"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task An_assertion_is_good_for_one_request_only()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var clientId = await RegisterPartnerAsync(key);
        var assertion = Assertion(clientId, key);

        var (first, _) = await RequestTokenAsync(assertion);
        var (replayed, json) = await RequestTokenAsync(assertion);

        Assert.Equal(HttpStatusCode.OK, first);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed);
        Assert.Equal("invalid_client", json.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, (await RequestTokenAsync(Assertion(clientId, key))).Status);
    }

    [Fact]
    public async Task Discovery_lists_private_key_jwt_for_the_token_endpoint()
    {
        var discovery = await _http.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");

        var methods = discovery.GetProperty("token_endpoint_auth_methods_supported").EnumerateArray().Select(m => m.GetString());
        Assert.Contains("private_key_jwt", methods);
    }

    private async Task<(HttpStatusCode Status, JsonElement Json)> RequestTokenAsync(string assertion)
    {
        using var response = await _http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = "products:read",
            ["client_assertion_type"] = AssertionType,
            ["client_assertion"] = assertion,
        }));
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private string Assertion(string clientId, ECDsa key, string audience = IdentityServerFactory.Issuer)
    {
        // The partner's clock agrees with the server's: other tests on this shared server move its clock forward.
        var now = server.Factory.Clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            // draft-ietf-oauth-rfc7523bis: an explicit type, so no other JWT can pass for a client assertion.
            TokenType = "client-authentication+jwt",
            Issuer = clientId,
            Audience = audience,
            Claims = new Dictionary<string, object> { [Claims.Subject] = clientId, [Claims.JwtId] = Guid.NewGuid().ToString("N") },
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(2),
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = "partner-key" }, SecurityAlgorithms.EcdsaSha256),
        });
    }

    private async Task<string> RegisterPartnerAsync(ECDsa key)
    {
        var clientId = $"partner-jwt-{Guid.NewGuid():N}";
        var publicKey = ECDsa.Create(key.ExportParameters(includePrivateParameters: false));
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(publicKey) { KeyId = "partner-key" });
        jwk.Use = JsonWebKeyUseNames.Sig;
        jwk.Alg = SecurityAlgorithms.EcdsaSha256;
        await using var scope = server.Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientType = ClientTypes.Confidential,
            JsonWebKeySet = new JsonWebKeySet { Keys = { jwk } },
            Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials, Permissions.Prefixes.Scope + "products:read" },
        });
        return clientId;
    }
}

[Collection(OnSqlite.Name)]
public sealed class PrivateKeyJwtOnSqlite(SqliteServer server) : PrivateKeyJwtTests(server);

[Collection(OnPostgres.Name)]
public sealed class PrivateKeyJwtOnPostgres(PostgresServer server) : PrivateKeyJwtTests(server);
