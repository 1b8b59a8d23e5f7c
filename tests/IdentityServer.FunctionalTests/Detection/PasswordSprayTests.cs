using System.Net;
using Aict.IdentityServer.Detection.Alerts;
using Aict.IdentityServer.Detection.Attacks;
using Microsoft.Extensions.DependencyInjection;
using static Aict.IdentityServer.FunctionalTests.Detection.AttackServers;

namespace Aict.IdentityServer.FunctionalTests.Detection;

/// <summary>
/// Password spraying: a few guesses each at many accounts from many networks, none of which crosses a per-network limit.
/// Nothing can be blocked; the service raises one alert and every instance learns that a spray is under way.
/// </summary>
public sealed class PasswordSprayTests : IAsyncLifetime
{
    private readonly AttackServers _servers = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    [Fact]
    public async Task Failures_over_many_identifiers_from_many_networks_raise_one_spray_alert_and_tell_every_instance()
    {
        var spray = new Dictionary<string, string?>
        {
            ["Detection:PasswordSpray:DistinctIdentifiers"] = "30",
            ["Detection:PasswordSpray:RefreshInterval"] = "00:00:00.200",
        };
        var server = await _servers.StartAsync(spray);
        var other = await _servers.StartAsync(new Dictionary<string, string?>(spray) { ["Detection:KeyPrefix"] = server.DetectionPrefix });
        var before = other.Services.GetRequiredService<AttackBlocks>().SprayInProgress;

        var statuses = new List<HttpStatusCode>();
        for (var network = 1; network <= 40; network++)
        {
            using var sprayer = From(server, $"2001:db8:{network:x}::1");
            statuses.Add((await SignInAsync(sprayer, Nobody(), "Summer2026!")).Status);
        }

        var heard = await Eventually.MatchAsync(() => Task.FromResult(other.Services.GetRequiredService<AttackBlocks>().SprayInProgress),
            inProgress => inProgress, "the spray flag on the other instance", seconds: 5);
        using var alice = From(server, "2001:db8:1::2");

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 40), statuses);
        Assert.False(before);
        Assert.True(heard);
        Assert.True(server.Services.GetRequiredService<AttackBlocks>().SprayInProgress);
        var alert = Assert.Single(await AlertsAsync(server, SecurityAlertTypes.PasswordSpray));
        Assert.Equal(AlertSeverities.High, alert.Severity);
        Assert.Empty(await AlertsAsync(server, SecurityAlertTypes.CredentialStuffing));
        // While a spray is under way a password alone is medium risk: alice, who has no second factor, must enrol one.
        Assert.Equal("/Account/Mfa/Enrol", (await SignInAsync(alice, DemoRealm.Alice.Email, DemoRealm.Alice.Password)).Path);
    }
}
