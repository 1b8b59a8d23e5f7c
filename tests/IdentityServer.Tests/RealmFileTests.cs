using System.Security.Cryptography;
using System.Text.Json;
using Aict.IdentityServer.Administration.Realm;
using Aict.IdentityServer.Protocol.Clients;
using Aict.IdentityServer.Sessions.BackchannelLogout;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Aict.IdentityServer.Tests;

public sealed class RealmFileTests
{
    private static readonly LogoutUriRule Production = new(RequireHttps: true, AllowPrivateNetworks: false);

    [Fact]
    public void A_password_hash_made_by_Identity_is_accepted_and_anything_else_is_not()
    {
        var hasher = new PasswordHasher<ApplicationUser>(Options.Create(new PasswordHasherOptions { IterationCount = 1000 }));
        var hash = hasher.HashPassword(new ApplicationUser(), "Correct#Horse2026");
        var version2 = new PasswordHasher<ApplicationUser>(Options.Create(new PasswordHasherOptions
        {
            CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV2,
        })).HashPassword(new ApplicationUser(), "Correct#Horse2026");

        Assert.True(PasswordHashFormat.IsIdentityV3(hash));
        Assert.False(PasswordHashFormat.IsIdentityV3("Correct#Horse2026"));
        Assert.False(PasswordHashFormat.IsIdentityV3(version2));
        Assert.False(PasswordHashFormat.IsIdentityV3(Convert.ToBase64String(Convert.FromBase64String(hash)[..20])));
        Assert.False(PasswordHashFormat.IsIdentityV3(Convert.ToBase64String(RandomNumberGenerator.GetBytes(61))));
    }

    [Fact]
    public void A_client_with_keys_reads_back_from_its_realm_file_as_the_same_client()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ECDsa.Create(key.ExportParameters(includePrivateParameters: false))));
        var partner = new ClientMetadata
        {
            ClientId = "partner-keys",
            GrantTypes = ["client_credentials"],
            TokenEndpointAuthMethod = "private_key_jwt",
            Scope = "products:read orders:read",
            Jwks = JsonSerializer.SerializeToElement(new { keys = new[] { JsonSerializer.SerializeToElement(jwk) } }),
        };
        var stored = CanonicalClient.Of(partner, Production);
        var realm = new RealmDocument { Clients = [new RealmClient(stored)] };

        var problems = new List<RealmProblem>();
        var read = RealmJson.Read(RealmJson.Write(realm), problems)!;

        Assert.Empty(problems);
        var policy = new ClientMetadataPolicy(new HashSet<string> { "products:read", "orders:read" }, Production);
        Assert.Null(ClientMetadataRules.Check(read.Clients[0].Metadata, policy));
        Assert.True(CanonicalClient.Same(stored, CanonicalClient.Of(read.Clients[0].Metadata, Production)));
        Assert.Equal(RealmJson.Write(realm), RealmJson.Write(read));
    }

    [Fact]
    public void A_client_secret_in_a_file_is_read_beside_the_metadata_and_never_inside_it()
    {
        var problems = new List<RealmProblem>();

        var read = RealmJson.Read("""
            { "version": 1, "clients": [{ "client_id": "batch", "grant_types": ["client_credentials"], "client_secret": "a-secret-of-at-least-thirty-two-chars" }] }
            """, problems)!;

        Assert.Empty(problems);
        Assert.Equal("batch", read.Clients[0].Metadata.ClientId);
        Assert.Equal("a-secret-of-at-least-thirty-two-chars", read.Clients[0].ClientSecret);
    }
}
