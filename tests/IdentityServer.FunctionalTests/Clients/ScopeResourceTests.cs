using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.FunctionalTests.Clients;

/// <summary>The scope → audience mapping is remembered between grants, but never past a change to the scope.</summary>
public abstract class ScopeResourceTests(ServerFixture server)
{
    private readonly TokenClient _tokens = new(server.Factory.CreateBackChannel());

    [Fact]
    public async Task A_token_names_the_audience_its_scope_has_now_also_after_the_scope_changed()
    {
        var scopeName = $"reports-{Guid.NewGuid():N}";
        await using (var scope = server.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IOpenIddictScopeManager>().CreateAsync(
                new OpenIddictScopeDescriptor { Name = scopeName, Resources = { "reports-api-v1" } });
        }

        var client = await RegisterClientAsync(scopeName);

        Assert.Equal(["reports-api-v1"], await AudiencesAsync(client, scopeName));
        Assert.Equal(["reports-api-v1"], await AudiencesAsync(client, scopeName));

        await using (var scope = server.Factory.Services.CreateAsyncScope())
        {
            var scopes = scope.ServiceProvider.GetRequiredService<IOpenIddictScopeManager>();
            var entity = await scopes.FindByNameAsync(scopeName);
            var descriptor = new OpenIddictScopeDescriptor();
            await scopes.PopulateAsync(descriptor, entity!);
            descriptor.Resources.Clear();
            descriptor.Resources.Add("reports-api-v2");
            await scopes.UpdateAsync(entity!, descriptor);
        }

        Assert.Equal(["reports-api-v2"], await AudiencesAsync(client, scopeName));
    }

    [Fact]
    public async Task The_seeded_scopes_still_name_the_commerce_api_whatever_order_they_are_asked_in()
    {
        Assert.Equal(["commerce-api"], await AudiencesAsync(DemoRealm.PartnerErp, "products:read inventory:write"));
        Assert.Equal(["commerce-api"], await AudiencesAsync(DemoRealm.PartnerErp, "inventory:write products:read"));
    }

    private async Task<string[]> AudiencesAsync(DemoClient client, string scope)
    {
        var response = await _tokens.ClientCredentialsAsync(client, scope);
        Assert.True(response.AccessToken is not null, response.Json.ToString());
        return [.. new JsonWebToken(response.AccessToken).Audiences];
    }

    private async Task<DemoClient> RegisterClientAsync(string scopeName)
    {
        var client = new DemoClient($"reports-{Guid.NewGuid():N}", "reports-secret", null, null);
        await using var scope = server.Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            ClientSecret = client.Secret,
            ClientType = ClientTypes.Confidential,
            Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials, Permissions.Prefixes.Scope + scopeName },
        });
        return client;
    }
}

[Collection(OnSqlite.Name)]
public sealed class ScopeResourcesOnSqlite(SqliteServer server) : ScopeResourceTests(server);

[Collection(OnPostgres.Name)]
public sealed class ScopeResourcesOnPostgres(PostgresServer server) : ScopeResourceTests(server);
