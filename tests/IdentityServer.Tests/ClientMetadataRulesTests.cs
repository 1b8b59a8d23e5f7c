using System.Security.Cryptography;
using System.Text.Json;
using Aict.IdentityServer.Protocol.Clients;
using Aict.IdentityServer.Sessions.BackchannelLogout;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.Tests;

public sealed class ClientMetadataRulesTests
{
    private static readonly ClientMetadataPolicy Production = new(
        new HashSet<string> { "openid", "profile", "offline_access", "products:read", "orders:read" },
        new LogoutUriRule(RequireHttps: true, AllowPrivateNetworks: false));

    private static ClientMetadata Web(params string[] redirects) => new() { RedirectUris = redirects, Scope = "openid profile" };

    [Theory]
    [InlineData("https://app.example/cb")]
    [InlineData("http://localhost:5400/signin-oidc")]
    [InlineData("http://127.0.0.1:8080/cb")]
    [InlineData("http://[::1]/cb")]
    public void A_web_client_may_use_https_or_the_loopback_interface(string redirect) =>
        Assert.Null(ClientMetadataRules.Check(Web(redirect), Production));

    [Theory]
    [InlineData("http://app.example/cb")]
    [InlineData("https://app.example/cb#frag")]
    [InlineData("/relative/cb")]
    [InlineData("https://user:pw@app.example/cb")]
    [InlineData("javascript:alert(1)")]
    [InlineData("com.example.app:/cb")]
    public void A_web_client_redirect_that_is_not_absolute_https_is_refused_as_invalid_redirect_uri(string redirect) =>
        Assert.Equal(ClientMetadataProblem.InvalidRedirectUri, ClientMetadataRules.Check(Web(redirect), Production)?.Error);

    [Fact]
    public void A_native_client_may_use_a_reverse_domain_private_use_scheme_but_not_javascript()
    {
        Assert.Null(ClientMetadataRules.Check(Web("com.example.app:/cb") with { ApplicationType = "native", TokenEndpointAuthMethod = "none" }, Production));
        Assert.NotNull(ClientMetadataRules.Check(Web("javascript:alert(1)") with { ApplicationType = "native" }, Production));
    }

    [Theory]
    [InlineData("Partner\0App")]
    [InlineData("Partner\r\nApp")]
    public void A_client_name_with_control_characters_is_refused(string name) =>
        Assert.Equal(ClientMetadataProblem.InvalidClientMetadata, ClientMetadataRules.Check(Web("https://app.example/cb") with { ClientName = name }, Production)?.Error);

    [Fact]
    public void The_code_flow_needs_a_redirect_uri() =>
        Assert.Equal(ClientMetadataProblem.InvalidRedirectUri, ClientMetadataRules.Check(new ClientMetadata(), Production)?.Error);

    [Theory]
    [InlineData("implicit")]
    [InlineData("password")]
    [InlineData("urn:ietf:params:oauth:grant-type:device_code")]
    public void Grants_this_server_does_not_support_are_refused(string grant) =>
        Assert.Equal(ClientMetadataProblem.InvalidClientMetadata,
            ClientMetadataRules.Check(Web("https://app.example/cb") with { GrantTypes = [grant] }, Production)?.Error);

    [Fact]
    public void Unknown_or_disallowed_scopes_and_grants_are_refused()
    {
        Assert.Contains("admin", ClientMetadataRules.Check(Web("https://app.example/cb") with { Scope = "openid admin" }, Production)?.Description);
        var bounded = Production with { AllowedScopes = new HashSet<string> { "openid" }, AllowedGrantTypes = new HashSet<string> { "authorization_code" } };
        Assert.Contains("profile", ClientMetadataRules.Check(Web("https://app.example/cb"), bounded)?.Description);
        Assert.Contains("refresh_token", ClientMetadataRules.Check(
            Web("https://app.example/cb") with { Scope = "openid", GrantTypes = ["authorization_code", "refresh_token"] }, bounded)?.Description);
    }

    [Fact]
    public void Private_key_jwt_needs_public_keys_and_refuses_a_private_one()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var partner = new ClientMetadata { GrantTypes = ["client_credentials"], TokenEndpointAuthMethod = "private_key_jwt", Scope = "products:read" };

        Assert.NotNull(ClientMetadataRules.Check(partner, Production));
        Assert.Null(ClientMetadataRules.Check(partner with { Jwks = Jwks(key, includePrivate: false) }, Production));
        Assert.Equal("jwks must hold public keys only.", ClientMetadataRules.Check(partner with { Jwks = Jwks(key, includePrivate: true) }, Production)?.Description);
        Assert.NotNull(ClientMetadataRules.Check(partner with { Jwks = JsonDocument.Parse("[1]").RootElement }, Production));
    }

    [Fact]
    public void A_public_client_cannot_use_client_credentials() =>
        Assert.NotNull(ClientMetadataRules.Check(new ClientMetadata { GrantTypes = ["client_credentials"], TokenEndpointAuthMethod = "none" }, Production));

    [Fact]
    public void A_back_channel_logout_uri_follows_the_environment_rule() =>
        Assert.StartsWith("backchannel_logout_uri", ClientMetadataRules.Check(
            Web("https://app.example/cb") with { BackchannelLogoutUri = "http://app.example/logout" }, Production)?.Description);

    [Fact]
    public void Metadata_applied_to_an_application_reads_back_the_same()
    {
        var metadata = new ClientMetadata
        {
            ClientName = "Shop",
            RedirectUris = ["https://shop.example/cb"],
            PostLogoutRedirectUris = ["https://shop.example/bye"],
            GrantTypes = ["authorization_code", "refresh_token"],
            TokenEndpointAuthMethod = "client_secret_post",
            Scope = "openid profile offline_access orders:read",
            BackchannelLogoutUri = "https://shop.example/logout",
            RequireMfa = true,
        };
        var descriptor = new OpenIddictApplicationDescriptor { ClientId = "shop" };

        ClientDescriptors.Apply(metadata, descriptor, Production.LogoutUris);
        var described = ClientDescriptors.Describe(descriptor);

        Assert.Contains(OpenIddictConstants.Requirements.Features.ProofKeyForCodeExchange, descriptor.Requirements);
        Assert.Equal(OpenIddictConstants.ClientTypes.Confidential, descriptor.ClientType);
        Assert.Equal(metadata.RedirectUris, described.RedirectUris);
        Assert.Equal(metadata.PostLogoutRedirectUris, described.PostLogoutRedirectUris);
        Assert.Equal(metadata.GrantTypes, described.GrantTypes);
        Assert.Equal(metadata.Scope, described.Scope);
        Assert.Equal("client_secret_post", described.TokenEndpointAuthMethod);
        Assert.Equal("https://shop.example/logout", described.BackchannelLogoutUri);
        Assert.True(described.BackchannelLogoutSessionRequired);
        Assert.True(described.RequireMfa);
        Assert.Equal("explicit", described.ConsentType);
    }

    private static JsonElement Jwks(ECDsa key, bool includePrivate)
    {
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ECDsa.Create(key.ExportParameters(includePrivate))));
        return JsonSerializer.SerializeToElement(new { keys = new[] { JsonSerializer.SerializeToElement(jwk) } });
    }
}
