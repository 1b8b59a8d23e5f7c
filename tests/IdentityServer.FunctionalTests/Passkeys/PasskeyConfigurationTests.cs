using Aict.IdentityServer.SignIn.Mfa.Passkeys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.FunctionalTests.Passkeys;

/// <summary>Passkey origins: localhost in Development, required and https everywhere else, checked at start-up.</summary>
public sealed class PasskeyConfigurationTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Sqlite();

    [Fact]
    public async Task Development_accepts_passkeys_from_IdentityServer_and_the_portal_on_localhost()
    {
        await using var factory = new IdentityServerFactory(_database);

        var options = factory.Services.GetRequiredService<IOptions<PasskeyOptions>>().Value;

        Assert.Equal("localhost", options.RelyingPartyId);
        Assert.Equal(["http://localhost:5100", "http://localhost:5300"], options.Origins);
    }

    [Fact]
    public async Task Outside_Development_without_origins_the_server_does_not_start_and_names_the_key()
    {
        var settings = IdentityServerFactory.ProductionSettings.Where(s => !s.Key.StartsWith("Mfa:Passkeys", StringComparison.Ordinal)).ToDictionary();
        await using var factory = new IdentityServerFactory(_database, settings, "Production");

        var failure = Record.Exception(() => factory.CreateBackChannel());

        Assert.NotNull(failure);
        Assert.Contains("Mfa:Passkeys:Origins", failure.ToString());
    }

    [Theory]
    [InlineData("http://id.aict.example")]
    [InlineData("https://id.elsewhere.example")]
    [InlineData("https://id.aict.example/signin")]
    public async Task Outside_Development_an_origin_that_is_not_https_on_the_relying_party_refuses_to_start(string origin)
    {
        var settings = new Dictionary<string, string?>(IdentityServerFactory.ProductionSettings) { ["Mfa:Passkeys:Origins:0"] = origin };
        await using var factory = new IdentityServerFactory(_database, settings, "Production");

        var failure = Record.Exception(() => factory.CreateBackChannel());

        Assert.NotNull(failure);
        Assert.Contains("Mfa:Passkeys:Origins must be", failure.ToString());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();
}
