using System.Net;
using Aict.IdentityServer.Detection.Alerts;
using Aict.IdentityServer.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.Detection;

/// <summary>
/// An IdentityServer of its own (SQLite) with three webhooks on loopback receivers (every alert; high only; new_device only,
/// failing twice first), quick retries, and low abuse thresholds, so that the tests trip the rules in a few requests.
/// </summary>
public sealed class AlertServer : IAsyncLifetime
{
    public const string Secret = "test-only-webhook-secret-of-32-bytes-at-least";

    private readonly TestDatabase _database = TestDatabase.Sqlite();

    public IdentityServerFactory Factory { get; private set; } = null!;

    public WebhookReceiver All { get; private set; } = null!;

    public WebhookReceiver HighOnly { get; private set; } = null!;

    public WebhookReceiver Flaky { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        All = await WebhookReceiver.StartAsync();
        HighOnly = await WebhookReceiver.StartAsync();
        Flaky = await WebhookReceiver.StartAsync(failFirst: 2);
        Factory = new IdentityServerFactory(_database, new Dictionary<string, string?>
        {
            ["Alerts:Webhooks:all:Url"] = All.Url.AbsoluteUri,
            ["Alerts:Webhooks:all:Secret"] = Secret,
            ["Alerts:Webhooks:high:Url"] = HighOnly.Url.AbsoluteUri,
            ["Alerts:Webhooks:high:Secret"] = Secret + "-high",
            ["Alerts:Webhooks:high:MinimumSeverity"] = "high",
            ["Alerts:Webhooks:flaky:Url"] = Flaky.Url.AbsoluteUri,
            ["Alerts:Webhooks:flaky:Secret"] = Secret,
            ["Alerts:Webhooks:flaky:Types:0"] = "new_device",
            ["Alerts:RetryDelays:0"] = "00:00:00.200",
            ["Alerts:RetryDelays:1"] = "00:00:00.200",
            ["Alerts:RetryDelays:2"] = "00:00:00.200",
            ["Alerts:PollInterval"] = "00:00:00.100",
            ["Detection:SmsPumping:NumbersPerNetwork"] = "3",
            ["Detection:MfaFatigue:Challenges"] = "3",
            ["Sms:SendsPerUser"] = "1000",
            ["Sms:SendsPerNumber"] = "1000",
        });
        using var client = Factory.CreateBackChannel();
        (await client.GetAsync("/.well-known/openid-configuration")).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _database.DisposeAsync();
        await All.DisposeAsync();
        await HighOnly.DisposeAsync();
        await Flaky.DisposeAsync();
    }

    /// <summary>Raises an alert through the server's own service, as a rule does.</summary>
    public async Task<SecurityAlert> RaiseAsync(string type, string severity, string? userId = null, string? subject = null)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<SecurityAlerts>().RaiseAsync(new SecurityAlertDraft(
            type, severity, ["raised by a test", "second reason"], userId, subject ?? Guid.NewGuid().ToString("N"), IPAddress.Parse("203.0.113.9"))))!;
    }

    public async Task<List<SecurityAlert>> AlertsAsync(string type, Func<SecurityAlert, bool>? where = null)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var alerts = await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().SecurityAlerts.AsNoTracking()
            .Where(a => a.Type == type).OrderBy(a => a.Id).ToListAsync();
        return [.. alerts.Where(where ?? (_ => true))];
    }

    public async Task<List<AlertDelivery>> DeliveriesAsync(long alertId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().AlertDeliveries.AsNoTracking()
            .Where(d => d.AlertId == alertId).OrderBy(d => d.Sink).ToListAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class AlertsOnSqlite : ICollectionFixture<AlertServer>
{
    public const string Name = "Alerts on SQLite";
}
