using System.Text.Json;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace Aict.IdentityServer.FunctionalTests;

public abstract class DiscoveryTests(ServerFixture server)
{
    private readonly HttpClient _http = server.Factory.CreateBackChannel();

    [Fact]
    public async Task Discovery_advertises_only_S256_code_flow_and_the_iss_response_parameter()
    {
        var discovery = await GetJsonAsync("/.well-known/openid-configuration");

        Assert.Equal(IdentityServerFactory.Issuer, discovery.GetProperty("issuer").GetString());
        Assert.Equal(["S256"], Strings(discovery, "code_challenge_methods_supported"));
        Assert.True(discovery.GetProperty("authorization_response_iss_parameter_supported").GetBoolean());
        Assert.Equal(["code"], Strings(discovery, "response_types_supported"));
        Assert.Equal(["authorization_code", "client_credentials", "refresh_token"], Strings(discovery, "grant_types_supported").Order());
        Assert.Contains("client_secret_basic", Strings(discovery, "token_endpoint_auth_methods_supported"));
        Assert.Contains("client_secret_post", Strings(discovery, "token_endpoint_auth_methods_supported"));
        Assert.True(discovery.GetProperty("claims_parameter_supported").GetBoolean());
        Assert.False(discovery.GetProperty("request_parameter_supported").GetBoolean());
        Assert.False(discovery.GetProperty("request_uri_parameter_supported").GetBoolean());
        foreach (var endpoint in new[] { "authorization_endpoint", "token_endpoint", "userinfo_endpoint", "introspection_endpoint", "revocation_endpoint", "end_session_endpoint", "jwks_uri" })
        {
            Assert.StartsWith(IdentityServerFactory.Issuer, discovery.GetProperty(endpoint).GetString());
        }
    }

    [Fact]
    public async Task Jwks_publishes_an_RSA_2048_key_for_ID_tokens_and_a_P256_key_for_access_tokens_without_private_parts()
    {
        var jwks = new JsonWebKeySet(await _http.GetStringAsync("/.well-known/jwks"));

        Assert.Equal(["ES256", "RS256"], jwks.Keys.Select(k => k.Alg).Order());
        var rsa = Assert.Single(jwks.Keys, k => k.Kty == "RSA");
        Assert.Equal(256, Base64UrlEncoder.DecodeBytes(rsa.N).Length);
        var ec = Assert.Single(jwks.Keys, k => k.Kty == "EC");
        Assert.Equal("P-256", ec.Crv);
        Assert.All(jwks.Keys, key =>
        {
            Assert.Equal("sig", key.Use);
            Assert.False(string.IsNullOrEmpty(key.Kid));
            Assert.Null(key.D);
        });
    }

    [Fact]
    public async Task Discovery_names_RS256_alone_for_ID_tokens()
    {
        var discovery = await GetJsonAsync("/.well-known/openid-configuration");

        Assert.Equal(["RS256"], Strings(discovery, "id_token_signing_alg_values_supported"));
    }

    private async Task<JsonElement> GetJsonAsync(string path) =>
        JsonDocument.Parse(await _http.GetStringAsync(path)).RootElement.Clone();

    private static string[] Strings(JsonElement document, string name) =>
        document.GetProperty(name).EnumerateArray().Select(e => e.GetString()!).ToArray();
}

[Collection(OnSqlite.Name)]
public sealed class DiscoveryOnSqlite(SqliteServer server) : DiscoveryTests(server);

[Collection(OnPostgres.Name)]
public sealed class DiscoveryOnPostgres(PostgresServer server) : DiscoveryTests(server);
