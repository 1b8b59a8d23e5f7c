using System.Net;

namespace Aict.IdentityServer.FunctionalTests.HostedPages;

/// <summary>
/// Every absolute URL the server sends comes from <c>Server:Issuer</c>, never from the request's Host header
/// (password-reset poisoning); outside Development the issuer is required and only its host is answered.
/// </summary>
public sealed class IssuerLinkTests : IAsyncLifetime
{
    private const string ForgedHost = "evil.example";

    private readonly TestDatabase _database = TestDatabase.Sqlite();

    [Fact]
    public async Task In_Development_without_an_issuer_a_reset_asked_for_with_a_forged_Host_links_to_localhost_5100()
    {
        await using var factory = new IdentityServerFactory(_database, new Dictionary<string, string?> { ["Server:Issuer"] = null });

        var link = await ResetLinkAskedWithForgedHostAsync(factory);

        Assert.StartsWith("http://localhost:5100/account/reset-password?", link);
    }

    [Fact]
    public async Task A_reset_asked_for_with_a_forged_Host_links_to_the_configured_issuer()
    {
        await using var factory = new IdentityServerFactory(_database, new Dictionary<string, string?> { ["Server:Issuer"] = "https://id.aict.example/sso" });

        var link = await ResetLinkAskedWithForgedHostAsync(factory);

        Assert.StartsWith("https://id.aict.example/sso/account/reset-password?", link);
    }

    [Fact]
    public async Task Outside_Development_the_server_does_not_start_without_an_issuer_and_names_the_key() =>
        Assert.Contains("Server:Issuer is required outside Development", await ProductionStartFailureAsync("Server:Issuer", null));

    [Theory]
    [InlineData("http://id.aict.example/")]
    [InlineData("https://id.aict.example/?tenant=1")]
    [InlineData("id.aict.example")]
    public async Task Outside_Development_an_issuer_that_is_not_an_absolute_https_URL_stops_the_start(string issuer) =>
        Assert.Contains("Server:Issuer must be an absolute https URL", await ProductionStartFailureAsync("Server:Issuer", issuer));

    [Fact]
    public async Task Outside_Development_only_the_issuer_s_host_is_answered()
    {
        await using var factory = new IdentityServerFactory(_database, IdentityServerFactory.ProductionSettings, "Production");
        using var http = factory.CreateBackChannel();

        using var forged = new HttpRequestMessage(HttpMethod.Get, "/alive") { Headers = { Host = ForgedHost } };
        using var refused = await http.SendAsync(forged);
        using var answered = await http.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
    }

    [Fact]
    public async Task Outside_Development_AllowedHosts_star_stops_the_start_and_names_the_key() =>
        Assert.Contains("AllowedHosts '*'", await ProductionStartFailureAsync("AllowedHosts", "*"));

    /// <summary>What stops a Production server whose settings are the working ones but for <paramref name="key"/>.</summary>
    private async Task<string> ProductionStartFailureAsync(string key, string? value)
    {
        await using var factory = new IdentityServerFactory(
            _database, new Dictionary<string, string?>(IdentityServerFactory.ProductionSettings) { [key] = value }, "Production");

        var failure = Record.Exception(() => factory.CreateBackChannel());

        Assert.NotNull(failure);
        return failure.ToString();
    }

    private static async Task<string> ResetLinkAskedWithForgedHostAsync(IdentityServerFactory factory)
    {
        var user = await ResetMail.NewUserAsync(factory.Services);
        using var browser = ResetMail.BrowserOn(factory);
        browser.Http.DefaultRequestHeaders.Host = ForgedHost;

        var sent = await ResetMail.AskForLinkAsync(browser, user.Email);

        Assert.Equal(HttpStatusCode.OK, sent.Status);
        return ResetMail.LinkIn(await ResetMail.MailToAsync(factory.Services, user.Email));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();
}
