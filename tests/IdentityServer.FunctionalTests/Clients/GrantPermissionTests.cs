using System.Net;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.FunctionalTests.Clients;

/// <summary>RFC 6749 §4.1.2.1 and §5.2: a grant the client is not allowed is <c>unauthorized_client</c>, after it authenticated.</summary>
public abstract class GrantPermissionTests(ServerFixture server)
{
    private readonly CodeFlow _flow = new(server.Factory);

    [Fact]
    public async Task A_client_without_the_refresh_grant_gets_unauthorized_client_for_a_refresh_token()
    {
        var client = await TestClients.CreateWebClientAsync(server.Factory);

        var response = await _flow.Tokens.RefreshAsync(client, "any-refresh-token");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("unauthorized_client", response.Error);
    }

    [Fact]
    public async Task A_client_without_the_refresh_grant_asking_for_offline_access_gets_unauthorized_client()
    {
        var client = await TestClients.CreateMachineClientAsync(server.Factory,
            descriptor => descriptor.Permissions.Add(Permissions.Prefixes.Scope + Scopes.OfflineAccess));

        var response = await _flow.Tokens.ClientCredentialsAsync(client, "products:read offline_access");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("unauthorized_client", response.Error);
        Assert.Null(response.AccessToken);
    }

    [Fact]
    public async Task A_client_that_does_not_authenticate_gets_invalid_client_whatever_grant_it_asks_for()
    {
        var unauthenticated = DemoRealm.ChannelWeb with { Secret = "not-the-secret" };

        var credentials = await _flow.Tokens.ClientCredentialsAsync(unauthenticated, "products:read");
        var refresh = await _flow.Tokens.RefreshAsync(DemoRealm.PartnerErp with { Secret = "not-the-secret" }, "any-refresh-token");

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (credentials.Status, credentials.Error));
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (refresh.Status, refresh.Error));
    }

    [Fact]
    public async Task A_client_not_allowed_the_code_response_type_gets_unauthorized_client_at_its_redirect_uri()
    {
        var client = await TestClients.CreateWebClientAsync(server.Factory,
            descriptor => descriptor.Permissions.Remove(Permissions.ResponseTypes.Code));
        var request = new AuthorizationRequest(client);

        var response = await _flow.AuthorizeAsync(request, DemoRealm.Alice);

        Assert.Equal("unauthorized_client", response.Error);
        Assert.Equal(request.State, response.State);
        Assert.Null(response.Code);
    }

    [Fact]
    public async Task A_client_without_the_refresh_grant_asking_for_offline_access_at_the_authorization_endpoint_gets_unauthorized_client()
    {
        var client = await TestClients.CreateWebClientAsync(server.Factory,
            descriptor => descriptor.Permissions.Add(Permissions.Prefixes.Scope + Scopes.OfflineAccess));
        var request = new AuthorizationRequest(client, "openid offline_access");

        var response = await _flow.AuthorizeAsync(request, DemoRealm.Alice);

        Assert.Equal("unauthorized_client", response.Error);
        Assert.Null(response.Code);
    }
}

[Collection(OnSqlite.Name)]
public sealed class GrantPermissionOnSqlite(SqliteServer server) : GrantPermissionTests(server);

[Collection(OnPostgres.Name)]
public sealed class GrantPermissionOnPostgres(PostgresServer server) : GrantPermissionTests(server);
