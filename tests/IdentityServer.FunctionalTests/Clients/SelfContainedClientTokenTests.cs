using System.Net;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.FunctionalTests.Clients;

/// <summary>Client-credentials access tokens are not stored, yet stay revocable and introspectable.</summary>
public abstract class SelfContainedClientTokenTests(ServerFixture server)
{
    private readonly TokenClient _tokens = new(server.Factory.CreateBackChannel());

    [Fact]
    public async Task A_client_credentials_grant_writes_no_token_or_authorization_row()
    {
        var client = await RegisterClientAsync();

        Assert.Equal(HttpStatusCode.OK, (await _tokens.ClientCredentialsAsync(client, "products:read")).Status);
        Assert.Equal(HttpStatusCode.OK, (await _tokens.ClientCredentialsAsync(client, "products:read")).Status);

        await using var scope = server.Factory.Services.CreateAsyncScope();
        var application = await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().FindByClientIdAsync(client.ClientId);
        var applicationId = await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().GetIdAsync(application!);
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().FindByApplicationIdAsync(applicationId!).ToListAsync());
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>().FindByApplicationIdAsync(applicationId!).ToListAsync());
    }

    [Fact]
    public async Task An_unstored_access_token_introspects_as_active_until_its_client_revokes_it()
    {
        var client = await RegisterClientAsync();
        var token = (await _tokens.ClientCredentialsAsync(client, "products:read")).AccessToken!;

        var before = await _tokens.IntrospectAsync(client, token);
        Assert.True(before.Json.GetProperty("active").GetBoolean(), before.Json.ToString());
        Assert.Equal(client.ClientId, before.Get("client_id"));

        var revoked = await _tokens.RevokeAsync(client, token);
        Assert.Equal(HttpStatusCode.OK, revoked.Status);

        var after = await _tokens.IntrospectAsync(client, token);
        Assert.False(after.Json.GetProperty("active").GetBoolean(), after.Json.ToString());
        Assert.Equal(HttpStatusCode.OK, (await _tokens.RevokeAsync(client, token)).Status);
    }

    [Fact]
    public async Task Another_client_cannot_revoke_a_partners_unstored_token()
    {
        var client = await RegisterClientAsync();
        var other = await RegisterClientAsync();
        var token = (await _tokens.ClientCredentialsAsync(client, "products:read")).AccessToken!;

        await _tokens.RevokeAsync(other, token);

        var introspection = await _tokens.IntrospectAsync(client, token);
        Assert.True(introspection.Json.GetProperty("active").GetBoolean(), introspection.Json.ToString());
    }

    private Task<DemoClient> RegisterClientAsync() => TestClients.CreateMachineClientAsync(server.Factory, descriptor =>
    {
        descriptor.Permissions.Add(Permissions.Endpoints.Introspection);
        descriptor.Permissions.Add(Permissions.Endpoints.Revocation);
    });
}

[Collection(OnSqlite.Name)]
public sealed class SelfContainedClientTokensOnSqlite(SqliteServer server) : SelfContainedClientTokenTests(server);

[Collection(OnPostgres.Name)]
public sealed class SelfContainedClientTokensOnPostgres(PostgresServer server) : SelfContainedClientTokenTests(server);
