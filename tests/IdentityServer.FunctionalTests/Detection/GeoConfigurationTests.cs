using System.Collections.Concurrent;
using System.Text.Json;
using Aict.IdentityServer.Detection.Alerts;
using Aict.IdentityServer.Detection.Geo;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Aict.IdentityServer.FunctionalTests.Detection.RiskTrail;

namespace Aict.IdentityServer.FunctionalTests.Detection;

/// <summary>
/// Where sign-ins are placed: a GeoIP2/GeoLite2 City database when one is configured (a path that does not open stops
/// start-up, naming the key); outside Development without one, the server starts and the impossible-travel rule is off, loudly.
/// </summary>
public sealed class GeoConfigurationTests
{
    private static readonly string CityDatabase = Path.Combine(AppContext.BaseDirectory, "GeoData", "GeoIP2-City-Test.mmdb");

    [Fact]
    public async Task A_database_path_that_does_not_open_stops_start_up_naming_the_key()
    {
        await using var database = TestDatabase.Sqlite();
        await using var factory = new IdentityServerFactory(database, new Dictionary<string, string?>
        {
            ["Detection:Geo:DatabasePath"] = Path.Combine(AppContext.BaseDirectory, "no-such-GeoLite2-City.mmdb"),
        });

        var failure = Record.Exception(() => factory.CreateBackChannel());

        Assert.NotNull(failure);
        Assert.Contains("Detection:Geo:DatabasePath", failure.ToString());
    }

    [Fact]
    public async Task With_a_GeoIP2_City_database_London_and_a_minute_later_Linkoping_is_impossible_travel()
    {
        await using var database = TestDatabase.Sqlite();
        await using var server = new IdentityServerFactory(database, new Dictionary<string, string?> { ["Detection:Geo:DatabasePath"] = CityDatabase });
        var user = await TestUsers.CreateAsync(server);
        using var browser = BrowserFrom(server, "81.2.69.142");
        await SignInAsync(browser, user);

        server.Clock.Advance(TimeSpan.FromMinutes(1));
        var inSweden = await SignInAsync(browser, user, from: "89.160.20.112");

        Assert.Equal("/Account/Mfa/Enrol", inSweden.Path);
        var alert = Assert.Single(await AlertsAsync(server, await TestUsers.IdOfAsync(server, user)));
        Assert.Equal(SecurityAlertTypes.ImpossibleTravel, alert.Type);
        var reasons = JsonSerializer.Deserialize<string[]>(alert.Reasons)!;
        Assert.Contains(reasons, reason => reason.StartsWith("from London, GB", StringComparison.Ordinal));
        Assert.Contains(reasons, reason => reason.StartsWith("to Linköping, SE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Outside_Development_without_a_database_the_server_starts_and_warns_that_impossible_travel_is_off()
    {
        await using var database = TestDatabase.Sqlite();
        var logs = new KeptLogs();
        await using var server = new IdentityServerFactory(database, IdentityServerFactory.ProductionSettings, environment: "Production")
            .WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<ILoggerProvider>(logs)));

        // Resolving a service starts the host, and with it the start-up checks.
        Assert.IsType<NoLocations>(server.Services.GetRequiredService<IIpLocations>());
        Assert.Contains(logs.Messages, message => message.Contains("Impossible-travel detection is off", StringComparison.Ordinal)
            && message.Contains("Detection:Geo:DatabasePath", StringComparison.Ordinal));
    }

    private sealed class KeptLogs : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Enqueue(formatter(state, exception));

        public void Dispose()
        {
        }
    }
}
