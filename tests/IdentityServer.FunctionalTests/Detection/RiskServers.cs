using System.Text.Json;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Detection.Alerts;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.Detection;

/// <summary>
/// Three servers on SQLite for the risk rules, started once for the collection: the default responses; a strict one
/// (medium blocks, low steps up, no enrolment for users without a factor); and one with detection off. The rules only
/// touch Redis and the alert and audit tables, so SQLite stands for both databases.
/// </summary>
public sealed class RiskServers : IAsyncLifetime
{
    public const string Seoul = "192.0.2.10";
    public const string NewYork = "198.51.100.10";
    public const string Frankfurt = "203.0.113.10";

    private readonly List<(IdentityServerFactory Server, TestDatabase Database)> _started = [];

    public IdentityServerFactory Default { get; private set; } = null!;

    public IdentityServerFactory Strict { get; private set; } = null!;

    public IdentityServerFactory Off { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Default = await StartAsync([]);
        Strict = await StartAsync(new Dictionary<string, string?>
        {
            ["Detection:Risk:Responses:Low"] = "StepUp",
            ["Detection:Risk:Responses:Medium"] = "Block",
            ["Detection:Risk:WithoutSecondFactor"] = "Block",
        });
        Off = await StartAsync(new Dictionary<string, string?> { ["Detection:Enabled"] = "false" });
    }

    public async Task DisposeAsync()
    {
        foreach (var (server, database) in _started)
        {
            await server.DisposeAsync();
            await database.DisposeAsync();
        }
    }

    private async Task<IdentityServerFactory> StartAsync(Dictionary<string, string?> settings)
    {
        var database = TestDatabase.Sqlite();
        var server = new IdentityServerFactory(database, settings);
        _started.Add((server, database));
        using var client = server.CreateBackChannel();
        (await client.GetAsync("/.well-known/openid-configuration")).EnsureSuccessStatusCode();
        return server;
    }
}

[CollectionDefinition(Name)]
public sealed class OnRiskServers : ICollectionFixture<RiskServers>
{
    public const string Name = "Risk rules on SQLite";
}

/// <summary>What a test reads back from a risk server: browsers from an address, alerts, risk audit events, sessions.</summary>
internal static class RiskTrail
{
    public static Browser BrowserFrom(IdentityServerFactory server, string address)
    {
        var browser = server.CreateBrowser();
        TestClientAddress.From(browser.Http, address);
        return browser;
    }

    public static async Task<Navigation> SignInAsync(Browser browser, DemoUser user, string? from = null)
    {
        if (from is not null)
        {
            TestClientAddress.From(browser.Http, from);
        }

        return await browser.SignInAsync(await browser.GoAsync("/account/login"), user.Email, user.Password);
    }

    /// <summary>Password, then a code from the user's authenticator app.</summary>
    public static async Task<Navigation> SignInWithCodeAsync(IdentityServerFactory server, Browser browser, DemoUser user) =>
        await browser.SubmitAsync(await SignInAsync(browser, user), new Dictionary<string, string> { ["Code"] = server.Authenticator.NextCode(user.TotpSecret!) });

    public static async Task<List<SecurityAlert>> AlertsAsync(IdentityServerFactory server, string userId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().SecurityAlerts
            .Where(alert => alert.UserId == userId).OrderBy(alert => alert.Id).ToListAsync();
    }

    /// <summary>The user's <c>sign_in_risk_assessed</c> events: outcome, level and reasons (space-separated).</summary>
    public static async Task<List<(string? Outcome, string Level, string Reasons)>> AssessmentsAsync(IdentityServerFactory server, string userId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var events = await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().AuditEvents
            .Where(e => e.UserId == userId && e.Type == AuditEventTypes.SignInRiskAssessed).OrderBy(e => e.Id).ToListAsync();
        return [.. events.Select(e =>
        {
            using var detail = JsonDocument.Parse(e.Detail!);
            return (e.Outcome, detail.RootElement.GetProperty("level").GetString()!,
                string.Join(' ', detail.RootElement.GetProperty("reasons").EnumerateArray().Select(r => r.GetString())));
        })];
    }

    public static async Task<List<UserSession>> SessionsAsync(IdentityServerFactory server, string userId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var sessions = await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Sessions.Where(s => s.UserId == userId).ToListAsync();
        return [.. sessions.OrderBy(s => s.SignedInAt)];
    }
}
