namespace Aict.IdentityServer.FunctionalTests.Detection;

/// <summary>Outside Development a webhook must be https with a real secret: the server refuses to start otherwise, naming the key.</summary>
public sealed class AlertConfigurationTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Sqlite();

    [Theory]
    [InlineData("http://alerts.example/hook", "a-secret-that-is-long-enough-for-hmac-sha256", "Alerts:Webhooks:siem:Url")]
    [InlineData("alerts.example/hook", "a-secret-that-is-long-enough-for-hmac-sha256", "Alerts:Webhooks:siem:Url")]
    [InlineData("https://alerts.example/hook", "too-short", "Alerts:Webhooks:siem:Secret")]
    [InlineData("https://alerts.example/hook", null, "Alerts:Webhooks:siem:Secret")]
    public async Task Production_refuses_to_start_with_an_unsafe_webhook(string url, string? secret, string key)
    {
        var settings = new Dictionary<string, string?>(IdentityServerFactory.ProductionSettings)
        {
            ["Alerts:Webhooks:siem:Url"] = url,
            ["Alerts:Webhooks:siem:Secret"] = secret,
        };
        await using var factory = new IdentityServerFactory(_database, settings, "Production");

        var failure = Record.Exception(() => factory.CreateBackChannel());

        Assert.NotNull(failure);
        Assert.Contains(key, failure.ToString(), StringComparison.Ordinal);
        if (secret is not null)
        {
            Assert.DoesNotContain(secret, failure.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Production_starts_with_an_https_webhook_and_a_long_secret()
    {
        var settings = new Dictionary<string, string?>(IdentityServerFactory.ProductionSettings)
        {
            ["Alerts:Webhooks:siem:Url"] = "https://alerts.example/hook",
            ["Alerts:Webhooks:siem:Secret"] = "a-secret-that-is-long-enough-for-hmac-sha256",
            ["Alerts:Webhooks:siem:MinimumSeverity"] = "high",
        };
        await using var factory = new IdentityServerFactory(_database, settings, "Production");

        var started = Record.Exception(() => factory.CreateBackChannel().Dispose());

        Assert.Null(started);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();
}
