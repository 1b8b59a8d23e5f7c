using System.Net;
using Aict.CommerceApi.FunctionalTests.Infrastructure;

namespace Aict.CommerceApi.FunctionalTests.Security;

/// <summary>
/// Outside Development the API must be told which proxies to believe and which hosts it answers. Staging stands
/// for any such environment: Production itself refuses the API's local payment adapters.
/// </summary>
[Collection(OnSqlite.Name)]
public sealed class EdgeConfigurationTests(SqliteServices services)
{
    [Theory]
    [InlineData("ForwardedHeaders:Mode", null, "ForwardedHeaders:KnownProxies or ForwardedHeaders:KnownNetworks is required outside Development")]
    [InlineData("AllowedHosts", null, "AllowedHosts is required outside Development and may not be '*'")]
    [InlineData("AllowedHosts", "*", "AllowedHosts is required outside Development and may not be '*'")]
    public async Task Outside_Development_a_missing_edge_setting_stops_the_start_and_names_it(string key, string? value, string expected)
    {
        await using var database = TestDatabase.Sqlite();
        await using var api = new CommerceApiFactory(services.Identity, database, new Dictionary<string, string?> { [key] = value }, "Staging");

        var failure = Record.Exception(() => api.CreateClient());

        Assert.NotNull(failure);
        Assert.Contains(expected, failure.ToString());
    }

    [Fact]
    public async Task Outside_Development_a_Host_header_that_is_not_listed_gets_400()
    {
        await using var database = TestDatabase.Sqlite();
        // Outside Development the issuer's metadata must be https.
        await using var api = new CommerceApiFactory(
            services.Identity, database, new Dictionary<string, string?> { ["Identity:Authority"] = IdentityServerFactory.ProductionIssuer }, "Staging");
        using var http = api.CreateClient();

        using var forged = new HttpRequestMessage(HttpMethod.Get, "/alive") { Headers = { Host = "evil.example" } };
        using var refused = await http.SendAsync(forged);
        using var answered = await http.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
    }
}
