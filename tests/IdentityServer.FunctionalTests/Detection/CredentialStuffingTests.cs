using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aict.IdentityServer.Detection.Alerts;
using Aict.IdentityServer.FunctionalTests.HostedPages;
using static Aict.IdentityServer.FunctionalTests.Detection.AttackServers;

namespace Aict.IdentityServer.FunctionalTests.Detection;

/// <summary>
/// Credential stuffing: many identifiers failing from one network (an IPv4 /24) raise one alert and refuse password
/// sign-ins from there, while the same account signs in normally from anywhere else.
/// </summary>
public sealed partial class CredentialStuffingTests : IAsyncLifetime
{
    private const string Attacker = "203.0.113.7";
    private readonly AttackServers _servers = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    [Fact]
    public async Task A_scripted_attack_over_40_accounts_raises_one_alert_and_gets_429_while_alice_signs_in_from_elsewhere()
    {
        const string secret = "test-only-stuffing-webhook-secret-32-bytes";
        await using var webhook = await WebhookReceiver.StartAsync();
        var server = await _servers.StartAsync(new Dictionary<string, string?>
        {
            ["Alerts:Webhooks:siem:Url"] = webhook.Url.AbsoluteUri,
            ["Alerts:Webhooks:siem:Secret"] = secret,
        });
        var identifiers = await IdentifiersAsync(server);
        using var attacker = From(server, Attacker);

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 120; attempt++)
        {
            statuses.Add((await SignInAsync(attacker, identifiers[attempt % identifiers.Count], "Wrong#2026dev")).Status);
        }

        var raised = await Eventually.MatchAsync(() => AlertsAsync(server, SecurityAlertTypes.CredentialStuffing), alerts => alerts.Count > 0,
            "the credential_stuffing alert", seconds: 5);
        var delivered = await Eventually.MatchAsync(() => Task.FromResult(webhook.Received), received => received.Count > 0,
            "the alert at the webhook", seconds: 5);
        var next = await SignInAsync(attacker, DemoRealm.Alice.Email, DemoRealm.Alice.Password);
        using var alice = From(server, "198.51.100.10");
        var elsewhere = await SignInAsync(alice, DemoRealm.Alice.Email, DemoRealm.Alice.Password);

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 100), statuses.Take(100));
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 20), statuses.Skip(100));
        Assert.Equal(HttpStatusCode.TooManyRequests, next.Status);
        Assert.NotNull(next.Headers.RetryAfter?.Delta);
        Assert.Equal("/", elsewhere.Path);
        var alert = Assert.Single(await AlertsAsync(server, SecurityAlertTypes.CredentialStuffing));
        Assert.Equal(raised[0].Id, alert.Id);
        Assert.Equal(AlertSeverities.High, alert.Severity);
        Assert.Equal("203.0.113.0/24", alert.Subject);
        Assert.Equal(Attacker, alert.IpAddress);
        var reasons = JsonSerializer.Deserialize<string[]>(alert.Reasons)!;
        Assert.Contains("100 failed or refused password sign-ins from 203.0.113.0/24 within 1 d", reasons);
        Assert.InRange(DistinctIdentifiers(reasons), 38, 42);
        var delivery = Assert.Single(delivered);
        Assert.True(delivery.IsSignedWith(secret));
        Assert.Equal("credential_stuffing", delivery.Body.GetProperty("type").GetString());
        Assert.Equal(alert.Id, delivery.Body.GetProperty("id").GetInt64());
        Assert.Equal(Attacker, delivery.Body.GetProperty("ip").GetString());
        Assert.Single(webhook.Received);
    }

    [Fact]
    public async Task With_the_production_throttle_the_attack_is_throttled_after_20_and_still_raises_the_alert_at_100()
    {
        var server = await _servers.StartAsync(new Dictionary<string, string?>
        {
            ["Throttling:SignIn:PerClientAddress:Failures"] = "20",
            ["Throttling:SignIn:PerClientAddress:Window"] = "00:15:00",
            ["Throttling:SignIn:Global:Failures"] = "1000",
            ["Throttling:SignIn:Global:Window"] = "00:01:00",
        });
        var identifiers = await IdentifiersAsync(server);
        using var attacker = From(server, Attacker);

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 99; attempt++)
        {
            statuses.Add((await SignInAsync(attacker, identifiers[attempt % identifiers.Count], "Wrong#2026dev")).Status);
        }

        var before = await AlertsAsync(server, SecurityAlertTypes.CredentialStuffing);
        await SignInAsync(attacker, identifiers[99 % identifiers.Count], "Wrong#2026dev");
        var after = await AlertsAsync(server, SecurityAlertTypes.CredentialStuffing);
        using var alice = From(server, "198.51.100.10");

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 20), statuses.Take(20));
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 79), statuses.Skip(20));
        Assert.Empty(before);
        Assert.Equal("203.0.113.0/24", Assert.Single(after).Subject);
        Assert.Equal("/", (await SignInAsync(alice, DemoRealm.Alice.Email, DemoRealm.Alice.Password)).Path);
    }

    [Fact]
    public async Task Another_address_of_the_same_24_is_refused_too_and_sees_the_same_page()
    {
        var server = await _servers.StartAsync(new Dictionary<string, string?>
        {
            ["Detection:CredentialStuffing:Failures"] = "12",
            ["Detection:CredentialStuffing:DistinctIdentifiers"] = "4",
        });
        using var attacker = From(server, "192.0.2.20");
        for (var attempt = 0; attempt < 12; attempt++)
        {
            await SignInAsync(attacker, Nobody(), "Wrong#2026dev");
        }

        using var neighbour = From(server, "192.0.2.21");
        var refused = await SignInAsync(neighbour, DemoRealm.Alice.Email, DemoRealm.Alice.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.StartsWith("Too many failed sign-in attempts.", SignInPageTests.ErrorText(refused));
        Assert.Single(await AlertsAsync(server, SecurityAlertTypes.CredentialStuffing));
    }

    // Twenty accounts and twenty identifiers without one: both count.
    private static async Task<List<string>> IdentifiersAsync(IdentityServerFactory server)
    {
        var identifiers = new List<string>();
        for (var account = 0; account < 20; account++)
        {
            identifiers.Add((await TestUsers.CreateAsync(server)).Email);
            identifiers.Add(Nobody());
        }

        return identifiers;
    }

    private static int DistinctIdentifiers(IEnumerable<string> reasons) =>
        int.Parse(reasons.Select(reason => DistinctReason().Match(reason)).First(match => match.Success).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^about (\d+) distinct identifiers tried$")]
    private static partial Regex DistinctReason();
}
