using System.Net;
using System.Text.Json;
using Aict.IdentityServer.FunctionalTests.Infrastructure;

namespace Aict.IdentityServer.FunctionalTests;

/// <summary>A form body past the form limits is the client's mistake: invalid_request, never a 500.</summary>
[Collection(OnSqlite.Name)]
public sealed class UnreadableRequestTests(SqliteServer server)
{
    private readonly HttpClient _backChannel = server.Factory.CreateBackChannel();

    public static TheoryData<string> Endpoints => ["/connect/token", "/connect/introspect", "/connect/revoke", "/connect/authorize", "/connect/endsession"];

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task More_form_values_than_the_limit_get_invalid_request(string endpoint)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        for (var i = 0; i < 1_100; i++)
        {
            form[$"extra{i}"] = "1";
        }

        await AssertInvalidRequestAsync(endpoint, form, "Form value count limit");
    }

    [Fact]
    public async Task A_form_key_longer_than_the_limit_gets_invalid_request() =>
        await AssertInvalidRequestAsync("/connect/token",
            new Dictionary<string, string> { ["grant_type"] = "client_credentials", [new string('k', 3_000)] = "1" }, "key length limit");

    [Fact]
    public async Task A_request_within_the_limits_is_still_answered_by_the_endpoint()
    {
        var response = await new TokenClient(_backChannel).ClientCredentialsAsync(DemoRealm.PartnerErp, "products:read");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.NotNull(response.AccessToken);
    }

    private async Task AssertInvalidRequestAsync(string endpoint, Dictionary<string, string> form, string reason)
    {
        using var response = await _backChannel.PostAsync(endpoint, new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid_request", json.RootElement.GetProperty("error").GetString());
        Assert.Contains(reason, json.RootElement.GetProperty("error_description").GetString(), StringComparison.OrdinalIgnoreCase);
    }
}
