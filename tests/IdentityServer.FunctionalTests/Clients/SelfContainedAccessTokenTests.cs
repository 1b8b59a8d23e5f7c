using System.Net;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.FunctionalTests.Clients;

/// <summary>Access tokens are not stored, yet stay revocable and introspectable, one by one and by token family.</summary>
public abstract class SelfContainedAccessTokenTests(ServerFixture server)
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

    [Fact]
    public async Task A_users_grants_store_the_code_and_refresh_tokens_but_no_access_or_ID_token()
    {
        var client = await RegisterUserClientAsync();
        var tokens = await SignInAsync(client);

        Assert.Equal(HttpStatusCode.OK, (await _tokens.RefreshAsync(client, tokens.RefreshToken!)).Status);

        await using var scope = server.Factory.Services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        var application = await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().FindByClientIdAsync(client.ClientId);
        var types = new List<string?>();
        await foreach (var row in manager.FindByApplicationIdAsync((await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().GetIdAsync(application!))!))
        {
            types.Add(await manager.GetTypeAsync(row));
        }

        Assert.DoesNotContain(TokenTypeIdentifiers.AccessToken, types);
        Assert.DoesNotContain(TokenTypeIdentifiers.IdentityToken, types);
        Assert.Contains(TokenTypeIdentifiers.Private.AuthorizationCode, types);
        Assert.Equal(2, types.Count(t => t == TokenTypeIdentifiers.RefreshToken));
    }

    [Fact]
    public async Task A_users_revoked_access_token_is_refused_at_introspection_and_userinfo()
    {
        var client = await RegisterUserClientAsync();
        var token = (await SignInAsync(client)).AccessToken!;

        Assert.Equal(HttpStatusCode.OK, (await _tokens.RevokeAsync(client, token)).Status);

        Assert.False((await _tokens.IntrospectAsync(client, token)).Json.GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await UserInfoAsync(token)).StatusCode);
    }

    [Fact]
    public async Task A_replayed_refresh_token_ends_the_access_tokens_of_its_family()
    {
        var client = await RegisterUserClientAsync();
        var first = await SignInAsync(client);
        var rotated = await _tokens.RefreshAsync(client, first.RefreshToken!);
        Assert.Equal(HttpStatusCode.OK, (await UserInfoAsync(rotated.AccessToken!)).StatusCode);

        Assert.Equal("invalid_grant", (await _tokens.RefreshAsync(client, first.RefreshToken!)).Error);

        foreach (var token in new[] { first.AccessToken!, rotated.AccessToken! })
        {
            Assert.False((await _tokens.IntrospectAsync(client, token)).Json.GetProperty("active").GetBoolean());
            Assert.Equal(HttpStatusCode.Unauthorized, (await UserInfoAsync(token)).StatusCode);
        }
    }

    private async Task<TokenResponse> SignInAsync(DemoClient client)
    {
        var flow = new CodeFlow(server.Factory);
        var request = new AuthorizationRequest(client, "openid offline_access");
        var tokens = await _tokens.RedeemAsync(request, (await flow.AuthorizeAsync(request, DemoRealm.Alice)).Code!);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        return tokens;
    }

    private async Task<HttpResponseMessage> UserInfoAsync(string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        request.Headers.Authorization = new("Bearer", accessToken);
        return await server.Factory.CreateBackChannel().SendAsync(request);
    }

    private Task<DemoClient> RegisterUserClientAsync() => TestClients.CreateWebClientAsync(server.Factory, descriptor =>
    {
        descriptor.Permissions.UnionWith([Permissions.Endpoints.Introspection, Permissions.Endpoints.Revocation,
            Permissions.GrantTypes.RefreshToken, Permissions.Prefixes.Scope + Scopes.OfflineAccess]);
    });

    private Task<DemoClient> RegisterClientAsync() => TestClients.CreateMachineClientAsync(server.Factory, descriptor =>
    {
        descriptor.Permissions.Add(Permissions.Endpoints.Introspection);
        descriptor.Permissions.Add(Permissions.Endpoints.Revocation);
    });
}

[Collection(OnSqlite.Name)]
public sealed class SelfContainedAccessTokensOnSqlite(SqliteServer server) : SelfContainedAccessTokenTests(server);

[Collection(OnPostgres.Name)]
public sealed class SelfContainedAccessTokensOnPostgres(PostgresServer server) : SelfContainedAccessTokenTests(server);
