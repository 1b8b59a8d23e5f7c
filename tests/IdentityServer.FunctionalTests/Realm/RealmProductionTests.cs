using System.Text.RegularExpressions;
using Aict.TestSupport.Robustness;

namespace Aict.IdentityServer.FunctionalTests.Realm;

/// <summary>The realm commands on a Production server: its client rules and its https issuer.</summary>
public sealed partial class RealmProductionTests(RealmProductionTests.ProductionServer server) : IClassFixture<RealmProductionTests.ProductionServer>
{
    [Fact]
    public async Task Outside_Development_a_client_whose_back_channel_logout_uri_is_not_https_is_refused()
    {
        var file = RealmCommand.FileWith("""
            {
              "version": 1,
              "clients": [{
                "client_id": "intranet-web",
                "redirect_uris": ["https://intranet.example/signin-oidc"],
                "scope": "openid profile",
                "backchannel_logout_uri": "http://intranet.example/backchannel-logout"
              }]
            }
            """);
        var before = await DatabaseFingerprint.ComputeAsync(server.Factory);

        var import = await RealmCommand.RunAsync(server.Factory, "realm", "import", file);

        Assert.Equal(1, import.ExitCode);
        Assert.Contains("$.clients[0].backchannel_logout_uri: invalid_client_metadata", import.Errors);
        Assert.Empty(DatabaseFingerprint.Changed(before, await DatabaseFingerprint.ComputeAsync(server.Factory)));
    }

    [Fact]
    public async Task Outside_Development_admin_create_refuses_an_http_issuer_and_links_to_the_configured_one()
    {
        var http = await RealmCommand.RunAsync(server.Factory, "admin", "create", "ops@example.com", "--issuer", "http://id.example.com/");
        Assert.Equal(1, http.ExitCode);
        Assert.Contains("https", http.Errors);

        var created = await RealmCommand.RunAsync(server.Factory, "admin", "create", "ops@example.com");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.StartsWith(IdentityServerFactory.ProductionIssuer + "account/reset-password?", Link().Match(created.Output).Value);
    }

    [GeneratedRegex(@"https?://\S+/account/reset-password\?\S+")]
    private static partial Regex Link();

    /// <summary>An empty Production server, as an operator bootstraps it.</summary>
    public sealed class ProductionServer : IAsyncLifetime
    {
        private readonly TestDatabase _database = TestDatabase.Sqlite();

        public ProductionServer() => Factory = new(_database, IdentityServerFactory.ProductionSettings, "Production");

        public IdentityServerFactory Factory { get; }

        public Task InitializeAsync()
        {
            _ = Factory.Services;
            return Task.CompletedTask;
        }

        public async Task DisposeAsync()
        {
            await Factory.DisposeAsync();
            await _database.DisposeAsync();
        }
    }
}
