using System.Net;
using Aict.IdentityServer.FunctionalTests.Infrastructure;

namespace Aict.IdentityServer.FunctionalTests.Keys;

/// <summary>Development shortcuts never reach Production.</summary>
public sealed class ProductionGuardTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Sqlite();

    [Fact]
    public async Task The_demo_realm_refuses_to_start_outside_Development()
    {
        await using var factory = new IdentityServerFactory(_database, new Dictionary<string, string?> { ["Seed:Demo"] = "true" }, "Production");

        var error = Assert.Throws<InvalidOperationException>(() => factory.CreateBackChannel());

        Assert.Contains("Seed:Demo", error.Message);
    }

    [Fact]
    public async Task Outside_Development_the_protocol_endpoints_require_HTTPS()
    {
        // An SMTP relay and Twilio are required outside Development; this test is about transport security only.
        await using var factory = new IdentityServerFactory(_database, IdentityServerFactory.ProductionSettings, "Production");
        using var http = factory.CreateBackChannel();

        using var response = await http.GetAsync("/.well-known/openid-configuration");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("HTTPS", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();
}
