using Aict.SsoPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Aict.SsoPortal.Tests.Observability;

/// <summary>The portal serves <c>/metrics</c> (Development) beside its pages: neither its sign-in nor its antiforgery gets in the way.</summary>
public sealed class PortalMetricsTests(PortalAndIdentityServer servers) : IClassFixture<PortalAndIdentityServer>
{
    [Fact]
    public async Task A_signed_in_journey_shows_up_in_the_portals_request_histogram()
    {
        var (portal, identity) = servers.CreateBrowsers();
        using var user = new UserAgent(portal, identity);
        await user.SignInAsync(DemoRealm.Alice);
        using var scraper = servers.Portal.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            BaseAddress = PortalAndIdentityServer.PortalAddress,
        });

        var scrape = await Eventually.MatchAsync(() => Scrape.ReadAsync(scraper),
            s => s.Value("http_server_request_duration_seconds_count", "http_response_status_code=302") > 0, "the portal's sign-in redirects counted");

        Assert.Equal(1, scrape.Value("aict_redis_connected"));
        // The browser with a portal cookie reads the same endpoint: no sign-in redirect, no antiforgery refusal.
        Assert.True((await Scrape.ReadAsync(user.Portal.Http)).Has("http_server_request_duration_seconds_count"));
    }
}
