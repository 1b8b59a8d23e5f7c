using System.Net;
using Aict.CommerceApi.FunctionalTests.Infrastructure;
using Aict.CommerceApi.FunctionalTests.Revocation;
using Eventually = Aict.TestSupport.Eventually;

namespace Aict.CommerceApi.FunctionalTests.Observability;

/// <summary>CommerceApi's <c>/metrics</c> (Development): the standard HTTP instruments and the revocation lag it measures.</summary>
[Collection(OnSqlite.Name)]
public sealed class MetricsTests(SqliteServices services)
{
    private const string Path = "/api/categories";

    [Fact]
    public async Task The_scrape_endpoint_lists_the_http_server_instruments_of_the_api()
    {
        using var api = await services.PartnerAsync();
        (await api.GetAsync(Path)).EnsureSuccessStatusCode();
        using var scraper = services.Anonymous();

        var scrape = await Eventually.MatchAsync(() => Scrape.ReadAsync(scraper),
            s => s.Value("http_server_request_duration_seconds_count", "http_route=/api/categories/") > 0, "the API's request histogram");

        Assert.Equal(1, scrape.Value("aict_redis_connected"));
        // The sign-in and session instruments are IdentityServer's: the API reports none of them.
        Assert.False(scrape.Has("aict_sessions_active"));
    }

    [Fact]
    public async Task A_revocation_applied_by_the_api_moves_the_propagation_histogram()
    {
        await using var instance = new OwnApi(services.Identity, TestDatabase.Sqlite(), settings: null);
        using var scraper = instance.CreateClient(accessToken: null);
        (await scraper.GetAsync("/alive")).EnsureSuccessStatusCode();
        var tokens = new TokenClient(services.Identity.CreateBackChannel());
        var token = (await tokens.ClientCredentialsAsync(DemoRealm.PartnerErp, "products:read")).AccessToken!;
        using var api = instance.CreateClient(token);
        (await api.GetAsync(Path)).EnsureSuccessStatusCode();
        var before = await Scrape.ReadAsync(scraper);

        Assert.Equal(HttpStatusCode.OK, (await tokens.RevokeAsync(DemoRealm.PartnerErp, token)).Status);

        using var refused = await Revocation.Eventually.StatusAsync(api, Path, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var after = await Eventually.MatchAsync(() => Scrape.ReadAsync(scraper),
            s => s.Value("aict_revocation_propagation_seconds_count") > before.Value("aict_revocation_propagation_seconds_count"),
            "the propagation histogram to count the revocation");
        Assert.True(after.Value("aict_revocation_propagation_seconds_bucket", "le=+Inf") >= after.Value("aict_revocation_propagation_seconds_count"));
    }
}
