using System.Net;
using Aict.IdentityServer.Protocol.Signing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.FunctionalTests.Fleet;

/// <summary>
/// Two instances on one database and one Redis: a client, a scope or the signing keys changed through one of them are
/// in force on the other at once, although each remembers clients for 30 s and scope resources for a minute.
/// </summary>
public sealed class CacheInvalidationTests(TwoInstances instances) : IClassFixture<TwoInstances>
{
    [Fact]
    public async Task A_client_secret_changed_on_one_instance_is_refused_and_the_new_one_accepted_on_the_other_at_once()
    {
        var client = await RegisterClientAsync("old-secret-of-a-fleet-client");
        // The other instance reads the client and remembers it.
        Assert.Equal(HttpStatusCode.OK, (await ClientCredentialsAsync(instances.B, client with { Secret = "old-secret-of-a-fleet-client" })).Status);

        await ChangeSecretAsync(instances.A, client.ClientId, "new-secret-of-a-fleet-client");

        await Eventually.MatchAsync(() => ClientCredentialsAsync(instances.B, client with { Secret = "old-secret-of-a-fleet-client" }),
            response => response.Status == HttpStatusCode.Unauthorized, "the old secret to be refused on the other instance", seconds: 3);
        Assert.Equal(HttpStatusCode.OK, (await ClientCredentialsAsync(instances.B, client with { Secret = "new-secret-of-a-fleet-client" })).Status);
    }

    [Fact]
    public async Task A_scope_given_another_resource_on_one_instance_puts_it_in_the_audience_on_the_other_at_once()
    {
        var scope = $"fleet:{Guid.NewGuid():N}";
        var client = await RegisterClientAsync("secret-of-a-scoped-fleet-client", scope, resource: "first-api");
        Assert.Equal(["first-api"], Audiences(await ClientCredentialsAsync(instances.B, client, scope)));

        await using (var services = instances.A.Services.CreateAsyncScope())
        {
            var scopes = services.ServiceProvider.GetRequiredService<IOpenIddictScopeManager>();
            var stored = await scopes.FindByNameAsync(scope);
            var descriptor = new OpenIddictScopeDescriptor();
            await scopes.PopulateAsync(descriptor, stored!);
            descriptor.Resources.Add("second-api");
            await scopes.UpdateAsync(stored!, descriptor);
        }

        await Eventually.MatchAsync(async () => Audiences(await ClientCredentialsAsync(instances.B, client, scope)),
            audiences => audiences.Contains("second-api"), "the new resource in the other instance's tokens", seconds: 3);
    }

    [Fact]
    public async Task Keys_rotated_by_one_instance_are_published_and_accepted_by_the_other_without_a_restart()
    {
        var before = await JwksAsync(instances.B);

        await using (var services = instances.A.Services.CreateAsyncScope())
        {
            await services.ServiceProvider.GetRequiredService<KeyStore>().ScheduleNextSigningKeysAsync();
        }

        var after = await Eventually.MatchAsync(() => JwksAsync(instances.B),
            kids => kids.Count == before.Count + 2, "the next keys in the other instance's JWKS", seconds: 10);
        Assert.Superset(before.ToHashSet(), after.ToHashSet());
        Assert.Equal(after.Order(), (await JwksAsync(instances.A)).Order());
    }

    private async Task<DemoClient> RegisterClientAsync(string secret, string? scope = null, string? resource = null)
    {
        var client = new DemoClient($"fleet-{Guid.NewGuid():N}", secret, null, null);
        await using var services = instances.A.Services.CreateAsyncScope();
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            ClientSecret = secret,
            ClientType = ClientTypes.Confidential,
            Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials, Permissions.Prefixes.Scope + (scope ?? "products:read") },
        };
        await services.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(descriptor);
        if (scope is not null)
        {
            await services.ServiceProvider.GetRequiredService<IOpenIddictScopeManager>().CreateAsync(new OpenIddictScopeDescriptor
            {
                Name = scope,
                Resources = { resource! },
            });
        }

        return client;
    }

    private static async Task ChangeSecretAsync(IdentityServerFactory instance, string clientId, string secret)
    {
        await using var services = instance.Services.CreateAsyncScope();
        var applications = services.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var application = await applications.FindByClientIdAsync(clientId);
        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, application!);
        descriptor.ClientSecret = secret;
        await applications.UpdateAsync(application!, descriptor);
    }

    private static Task<TokenResponse> ClientCredentialsAsync(IdentityServerFactory instance, DemoClient client, string scope = "products:read") =>
        new TokenClient(instance.CreateBackChannel()).ClientCredentialsAsync(client, scope);

    private static async Task<IReadOnlyList<string>> JwksAsync(IdentityServerFactory instance) =>
        new JsonWebKeySet(await instance.CreateBackChannel().GetStringAsync("/.well-known/jwks")).Keys.Select(k => k.Kid).ToList();

    private static string[] Audiences(TokenResponse response)
    {
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return new JsonWebToken(response.AccessToken!).Audiences.Order().ToArray();
    }
}
