using System.Net;
using Aict.IdentityServer.FunctionalTests.Infrastructure;

namespace Aict.IdentityServer.FunctionalTests;

public abstract class ClientCredentialsTests(ServerFixture server)
{
    private readonly TokenClient _tokens = new(server.Factory.CreateBackChannel());
    private readonly TokenValidator _validator = new(server.Factory.CreateBackChannel());

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Partner_gets_an_RFC_9068_JWT_for_the_commerce_api(bool basicAuth)
    {
        var response = await _tokens.ClientCredentialsAsync(DemoRealm.PartnerErp, "products:read inventory:write", basicAuth);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("Bearer", response.Get("token_type"));
        Assert.Null(response.RefreshToken);
        var token = await _validator.ValidateAsync(response.AccessToken!, "commerce-api", "at+jwt");
        Assert.Equal("partner-erp", token.Subject);
        Assert.Equal("partner-erp", token.GetClaim("client_id").Value);
        Assert.Equal("products:read inventory:write", token.GetClaim("scope").Value);
        Assert.False(string.IsNullOrEmpty(token.Id));
        Assert.Equal(TimeSpan.FromMinutes(5), token.ValidTo - token.IssuedAt);
    }

    [Fact]
    public async Task A_wrong_client_secret_is_refused_with_invalid_client()
    {
        var response = await _tokens.ClientCredentialsAsync(DemoRealm.PartnerErp with { Secret = "not-the-secret" }, "products:read");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("invalid_client", response.Error);
        Assert.Null(response.AccessToken);
    }

    [Fact]
    public async Task A_scope_the_client_may_not_ask_for_is_refused_with_invalid_scope()
    {
        var response = await _tokens.ClientCredentialsAsync(DemoRealm.PartnerErp, "orders:write");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("invalid_scope", response.Error);
    }

    [Fact]
    public async Task The_password_grant_does_not_exist()
    {
        var response = await _tokens.PostAsync("/connect/token", DemoRealm.ChannelWeb, new()
        {
            ["grant_type"] = "password",
            ["username"] = DemoRealm.Alice.Email,
            ["password"] = DemoRealm.Alice.Password,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("unsupported_grant_type", response.Error);
    }

    [Fact]
    public async Task A_user_facing_client_cannot_use_client_credentials()
    {
        var response = await _tokens.ClientCredentialsAsync(DemoRealm.ChannelWeb, "products:read");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("unauthorized_client", response.Error);
    }
}

[Collection(OnSqlite.Name)]
public sealed class ClientCredentialsOnSqlite(SqliteServer server) : ClientCredentialsTests(server);

[Collection(OnPostgres.Name)]
public sealed class ClientCredentialsOnPostgres(PostgresServer server) : ClientCredentialsTests(server);
