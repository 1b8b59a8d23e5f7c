using System.Net;
using Aict.IdentityServer.Detection.Alerts;
using Aict.IdentityServer.FunctionalTests.HostedPages;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static Aict.IdentityServer.FunctionalTests.Detection.AttackServers;

namespace Aict.IdentityServer.FunctionalTests.Detection;

/// <summary>Detection switched off runs no rule at all; detection without Redis fails open and sign-in goes on.</summary>
public sealed class DetectionSwitchTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> LowThresholds = new()
    {
        ["Detection:BruteForce:Failures"] = "3",
        ["Detection:CredentialStuffing:Failures"] = "6",
        ["Detection:CredentialStuffing:DistinctIdentifiers"] = "2",
        ["Detection:PasswordSpray:DistinctIdentifiers"] = "2",
    };

    private readonly AttackServers _servers = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    [Fact]
    public async Task With_detection_off_no_rule_blocks_or_alerts()
    {
        var server = await _servers.StartAsync(new Dictionary<string, string?>(LowThresholds) { ["Detection:Enabled"] = "false" });

        var (failures, signedIn) = await AttackThenSignInAsync(server);

        Assert.Equal(Enumerable.Repeat(SignInPageTests.InvalidCredentials, 10), failures);
        Assert.Equal("/", signedIn.Path);
        foreach (var type in new[] { SecurityAlertTypes.BruteForce, SecurityAlertTypes.CredentialStuffing, SecurityAlertTypes.PasswordSpray })
        {
            Assert.Empty(await AlertsAsync(server, type));
        }
    }

    [Fact]
    public async Task With_the_same_thresholds_and_detection_on_the_attack_is_refused()
    {
        var server = await _servers.StartAsync(LowThresholds);

        var (_, signedIn) = await AttackThenSignInAsync(server);

        Assert.Equal(HttpStatusCode.TooManyRequests, signedIn.Status);
        Assert.NotEmpty(await AlertsAsync(server, SecurityAlertTypes.BruteForce));
        Assert.NotEmpty(await AlertsAsync(server, SecurityAlertTypes.CredentialStuffing));
    }

    [Fact]
    public async Task With_Redis_unreachable_the_rules_fail_open_and_sign_in_works()
    {
        // Nothing listens on port 1; short timeouts keep each uncounted failure quick.
        var server = await _servers.StartAsync(new Dictionary<string, string?>(LowThresholds)
        {
            ["ConnectionStrings:redis"] = "127.0.0.1:1,connectTimeout=200,asyncTimeout=200,syncTimeout=200",
        });

        var (failures, signedIn) = await AttackThenSignInAsync(server);

        Assert.Equal(Enumerable.Repeat(SignInPageTests.InvalidCredentials, 10), failures);
        Assert.Equal("/", signedIn.Path);
    }

    [Fact]
    public async Task The_shipped_account_lockout_is_the_NIST_ceiling_so_the_rules_act_first()
    {
        var server = await _servers.StartAsync();
        var environment = server.Services.GetRequiredService<IWebHostEnvironment>();
        var shipped = new ConfigurationBuilder().SetFileProvider(environment.ContentRootFileProvider).AddJsonFile("appsettings.json").Build();

        Assert.Equal("100", shipped["Identity:Lockout:MaxFailedAccessAttempts"]);
    }

    [Fact]
    public async Task Under_the_shipped_password_limit_five_wrong_second_factors_still_lock_the_account()
    {
        var server = await _servers.StartAsync(new Dictionary<string, string?> { ["Identity:Lockout:MaxFailedAccessAttempts"] = "100" });
        var user = await MfaUsers.WithTotpAsync(server);
        var flow = new CodeFlow(server);
        var page = await flow.Browser.SignInAsync(await flow.Browser.GoAsync(new AuthorizationRequest(DemoRealm.ChannelWeb).Url), user.Email, user.Password);
        for (var attempt = 0; attempt < 4; attempt++)
        {
            page = await flow.Browser.SubmitAsync(page, new Dictionary<string, string> { ["Code"] = "bad-code" }, "button[type=submit]");
        }

        Assert.NotNull(page.Document.QuerySelector("input[name=Code]"));
        page = await flow.Browser.SubmitAsync(page, new Dictionary<string, string> { ["Code"] = "bad-code" }, "button[type=submit]");

        Assert.Contains("locked", page.Document.QuerySelector("#mfa-error")!.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.Null(page.Document.QuerySelector("input[name=Code]"));
    }

    [Fact]
    public async Task A_rule_threshold_out_of_range_stops_start_up_naming_its_key()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => _servers.StartAsync(new Dictionary<string, string?>
        {
            ["Detection:BruteForce:Failures"] = "0",
            ["Detection:BruteForce:MaximumBackOff"] = "00:00:30",
        }));

        Assert.Contains("Detection:BruteForce:Failures must be between 1 and 10000000.", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Detection:BruteForce:MaximumBackOff must not be shorter than Detection:BruteForce:FirstBackOff.", failure.Message, StringComparison.Ordinal);
    }

    // Five wrong passwords for alice and five for strangers from one address, then alice's right one from there.
    private static async Task<(List<string?> Failures, Navigation SignedIn)> AttackThenSignInAsync(IdentityServerFactory server)
    {
        using var attacker = From(server, "203.0.113.70");
        var failures = new List<string?>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            failures.Add(SignInPageTests.ErrorText(await SignInAsync(attacker, DemoRealm.Alice.Email, "Wrong#2026dev")));
            failures.Add(SignInPageTests.ErrorText(await SignInAsync(attacker, Nobody(), "Wrong#2026dev")));
        }

        return (failures, await SignInAsync(attacker, DemoRealm.Alice.Email, DemoRealm.Alice.Password));
    }
}
