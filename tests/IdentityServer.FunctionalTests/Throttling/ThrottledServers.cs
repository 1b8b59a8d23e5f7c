using System.Globalization;

namespace Aict.IdentityServer.FunctionalTests.Throttling;

/// <summary>
/// Servers with low throttle limits, each on a SQLite database of its own, gone with the test that started them.
/// Blocks are state, so no test shares a server; the throttles never touch the database, so SQLite stands for both.
/// The test class calls <see cref="DisposeAsync"/> from its own IAsyncLifetime.DisposeAsync.
/// </summary>
internal sealed class ThrottledServers
{
    private readonly List<(IdentityServerFactory Server, TestDatabase Database)> _started = [];

    /// <summary>A server whose limits (sign-in and client authentication alike) are the given failures per ten minutes.</summary>
    public async Task<IdentityServerFactory> StartAsync(
        int perAddress, int global, string? throttlePrefix = null, IReadOnlyDictionary<string, string?>? more = null)
    {
        var database = TestDatabase.Sqlite();
        var settings = new Dictionary<string, string?> { ["Throttling:KeyPrefix"] = throttlePrefix ?? TestRedis.NewPrefix() };
        foreach (var action in new[] { "SignIn", "ClientAuthentication" })
        {
            settings[$"Throttling:{action}:PerClientAddress:Failures"] = perAddress.ToString(CultureInfo.InvariantCulture);
            settings[$"Throttling:{action}:PerClientAddress:Window"] = "00:10:00";
            settings[$"Throttling:{action}:Global:Failures"] = global.ToString(CultureInfo.InvariantCulture);
            settings[$"Throttling:{action}:Global:Window"] = "00:10:00";
        }

        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var server = new IdentityServerFactory(database, settings);
        _started.Add((server, database));
        using var client = server.CreateBackChannel();
        (await client.GetAsync("/.well-known/openid-configuration")).EnsureSuccessStatusCode();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (server, database) in _started)
        {
            await server.DisposeAsync();
            await database.DisposeAsync();
        }
    }
}
