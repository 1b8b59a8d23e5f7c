using Aict.IdentityServer.Detection.Alerts;
using Aict.IdentityServer.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.Detection;

/// <summary>
/// Servers for the attack rules, each on a SQLite database of its own, gone with the test that started them: blocks and
/// counters are state, so no test shares a server. Requests come from a trusted proxy (loopback) that names the client
/// in <c>X-Forwarded-For</c>, and the account lockout is back at its production count, as the rules expect.
/// </summary>
internal sealed class AttackServers
{
    public const string Proxy = "127.0.0.1";

    private readonly List<(IdentityServerFactory Server, TestDatabase Database)> _started = [];

    public async Task<IdentityServerFactory> StartAsync(IReadOnlyDictionary<string, string?>? more = null)
    {
        var database = TestDatabase.Sqlite();
        var settings = new Dictionary<string, string?>
        {
            ["ForwardedHeaders:KnownProxies:0"] = Proxy,
            ["Identity:Lockout:MaxFailedAccessAttempts"] = "100",
        };
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

    /// <summary>A browser whose requests reach the server through the trusted proxy on behalf of <paramref name="address"/>.</summary>
    public static Browser From(IdentityServerFactory server, string address)
    {
        var browser = server.CreateBrowser();
        TestClientAddress.From(browser.Http, Proxy);
        browser.Http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return browser;
    }

    public static async Task<Navigation> SignInAsync(Browser browser, string email, string password) =>
        await browser.SignInAsync(await browser.GoAsync("/account/login"), email, password);

    public static string Nobody() => $"nobody-{Guid.NewGuid():N}@example.com";

    public static async Task<List<SecurityAlert>> AlertsAsync(IdentityServerFactory server, string type)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        return await db.SecurityAlerts.AsNoTracking().Where(alert => alert.Type == type).ToListAsync();
    }
}
