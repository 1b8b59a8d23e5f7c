using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Aict.IdentityServer.FunctionalTests.Infrastructure;

namespace Aict.IdentityServer.FunctionalTests.Account;

/// <summary>The profile, launcher and consent endpoints take only this server's tokens with the <c>account</c> scope.</summary>
public abstract class AccountApiAccessTests(ServerFixture server)
{
    public static TheoryData<string, string> Endpoints => new()
    {
        { "GET", "/api/account/profile" },
        { "PUT", "/api/account/profile" },
        { "GET", "/api/account/apps" },
        { "GET", "/api/account/consents" },
        { "DELETE", "/api/account/consents/channel-web" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Without_a_token_the_endpoint_answers_401_with_a_bearer_challenge(string method, string path)
    {
        using var client = server.Factory.CreateBackChannel();

        using var response = await client.SendAsync(Request(method, path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_token_without_the_account_scope_is_refused(string method, string path)
    {
        var tokens = await new CodeFlow(server.Factory).SignInAsync(
            new AuthorizationRequest(DemoRealm.ChannelWeb, "openid profile products:read"), await TestUsers.CreateAsync(server.Factory));
        using var client = server.Factory.CreateBackChannel();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);

        using var response = await client.SendAsync(Request(method, path));

        // Such a token is not even meant for the account API (no account-api audience): 401, or 403 if it were.
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized, response.StatusCode.ToString());
    }

    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method == "PUT" ? JsonContent.Create(new { givenName = "Mallory" }) : null,
    };
}

[Collection(OnSqlite.Name)]
public sealed class AccountApiAccessTestsOnSqlite(SqliteServer server) : AccountApiAccessTests(server);

[Collection(OnPostgres.Name)]
public sealed class AccountApiAccessTestsOnPostgres(PostgresServer server) : AccountApiAccessTests(server);
