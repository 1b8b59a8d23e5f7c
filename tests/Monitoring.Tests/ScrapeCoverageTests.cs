using System.Net;
using Aict.IdentityServer.Detection.Alerts;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.Monitoring.Tests;

/// <summary>
/// The dashboard and the alert rules query names the services really expose: after real traffic, every metric
/// family they use is in the /metrics scrape of IdentityServer or CommerceApi (Development: /metrics is open).
/// </summary>
public sealed class ScrapeCoverageTests(ScrapedServices services) : IClassFixture<ScrapedServices>
{
    [Fact]
    public async Task Every_metric_the_dashboard_and_the_alert_rules_query_is_scraped_after_real_traffic()
    {
        var identity = services.Identity;
        var tokens = new TokenClient(identity.CreateBackChannel());

        // Sign-ins: alice succeeds through the code flow, carol mistypes, bob is challenged for his second factor.
        var alice = await new CodeFlow(identity).SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, "openid products:read"), DemoRealm.Alice);
        using (var browser = identity.CreateBrowser())
        {
            var login = await browser.GoAsync(new AuthorizationRequest(DemoRealm.ChannelWeb).Url);
            var refused = await browser.SignInAsync(login, DemoRealm.Carol.Email, "not-" + DemoRealm.Carol.Password);
            Assert.Equal(HttpStatusCode.OK, refused.Status);
        }

        await new CodeFlow(identity).SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, "openid"), DemoRealm.Bob);

        // Tokens: a client-credentials grant, a token error, and a revocation that CommerceApi applies.
        var partner = await tokens.ClientCredentialsAsync(DemoRealm.PartnerErp, "products:read");
        Assert.NotNull(partner.AccessToken);
        var wrongSecret = await tokens.ClientCredentialsAsync(DemoRealm.PartnerErp with { Secret = "wrong-secret" }, "products:read");
        Assert.Equal("invalid_client", wrongSecret.Error);
        using (var api = services.Api.CreateClient())
        {
            api.DefaultRequestHeaders.Authorization = new("Bearer", alice.AccessToken);
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/categories")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await tokens.RevokeAsync(DemoRealm.PartnerErp, partner.AccessToken!)).Status);

        // An alert through the one path every detection rule uses (the rules themselves are tested on their own).
        using (var scope = identity.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<SecurityAlerts>().RaiseAsync(
                new SecurityAlertDraft(SecurityAlertTypes.NewDevice, AlertSeverities.Low, ["scrape coverage test"]));
        }

        // The in-memory test server is not Kestrel, so Kestrel's instruments cannot appear here.
        var expected = DeployFiles.QueriedMetricFamilies().Where(family => !family.StartsWith("kestrel_", StringComparison.Ordinal)).ToList();
        using var identityScraper = identity.CreateBackChannel();
        using var apiScraper = services.Api.CreateClient();
        // Counters appear once they count, and CommerceApi applies the revocation a moment after it is written.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        var missing = await MissingAsync();
        while (missing.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            missing = await MissingAsync();
        }

        Assert.True(missing.Count == 0, $"Queried by deploy/ but in no scrape: {string.Join(", ", missing)}");

        async Task<List<string>> MissingAsync()
        {
            var scraped = ScrapedFamilies(await ScrapeAsync(identityScraper)).Union(ScrapedFamilies(await ScrapeAsync(apiScraper)));
            return expected.Except(scraped).ToList();
        }
    }

    private static async Task<string> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/metrics");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /metrics answered {(int)response.StatusCode}.");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The families of the samples in a Prometheus text exposition.</summary>
    private static HashSet<string> ScrapedFamilies(string exposition) =>
        exposition.Split('\n')
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => DeployFiles.Family(line[..line.IndexOfAny(['{', ' '])]))
            .ToHashSet(StringComparer.Ordinal);
}
