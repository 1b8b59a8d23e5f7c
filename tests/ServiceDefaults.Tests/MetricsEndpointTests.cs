using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Aict.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aict.ServiceDefaults.Tests;

/// <summary>
/// A real Kestrel host with <c>AddServiceDefaults</c>/<c>MapDefaultEndpoints</c>: who may read <c>/metrics</c> in Development
/// and outside it, and the settings that stop the start.
/// </summary>
public sealed class MetricsEndpointTests
{
    private const string Token = "a-scrape-token-of-at-least-32-characters";

    [Fact]
    public async Task In_Development_anyone_reads_the_aict_metrics_as_prometheus_text()
    {
        await using var app = await StartAsync("Development", []);
        app.Services.GetRequiredService<AictMetrics>().SignIn(SignInMethods.Passkey, SignInResults.Success);
        using var http = new HttpClient { BaseAddress = Address(app) };

        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("aict_signins_total{otel_scope_name=\"Aict\",method=\"passkey\",result=\"success\"} 1", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Outside_Development_without_a_management_port_or_token_there_is_no_metrics_endpoint()
    {
        await using var app = await StartAsync("Production", []);
        using var http = new HttpClient { BaseAddress = Address(app) };

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/alive", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Outside_Development_an_unprotected_endpoint_left_out_is_said_once_at_start()
    {
        var logs = new RecordingLoggerProvider();

        await using var app = await StartAsync("Production", [], logs: logs);

        var notice = Assert.Single(logs.Records, r => r.EventId == 5400);
        Assert.Equal(LogLevel.Warning, notice.Level);
        Assert.Contains("Metrics:ManagementPort or Metrics:ScrapeToken", notice.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-scrape-token-but-just-as-long-as-it")]
    [InlineData("")]
    public async Task With_a_scrape_token_a_request_without_it_or_with_another_is_unauthorized(string? bearer)
    {
        await using var app = await StartAsync("Production", new() { ["Metrics:ScrapeToken"] = Token });
        using var http = new HttpClient { BaseAddress = Address(app) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.DoesNotContain("aict_", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task With_the_scrape_token_the_scraper_reads_the_metrics()
    {
        await using var app = await StartAsync("Production", new() { ["Metrics:ScrapeToken"] = Token });
        using var http = new HttpClient { BaseAddress = Address(app) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("# TYPE", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task With_a_management_port_the_metrics_answer_there_only_and_the_service_keeps_its_own_port()
    {
        var (publicPort, managementPort) = (FreePort(), FreePort());
        await using var app = await StartAsync("Production", new()
        {
            ["urls"] = $"http://127.0.0.1:{publicPort}",
            ["Metrics:ManagementPort"] = managementPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, listen: false);
        using var http = new HttpClient();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri($"http://127.0.0.1:{managementPort}/metrics"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri($"http://127.0.0.1:{publicPort}/metrics"))).StatusCode);
        // A Host header naming the management port does not open it on the public one.
        using var forged = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{publicPort}/metrics") { Headers = { Host = $"localhost:{managementPort}" } };
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(forged)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri($"http://127.0.0.1:{publicPort}/"))).StatusCode);
    }

    [Theory]
    [InlineData("Metrics:ScrapeToken", "short", "Metrics:ScrapeToken must be at least 32 characters outside Development")]
    [InlineData("Metrics:ManagementPort", "8080", "Metrics:ManagementPort is one of the ports the service answers its users on")]
    [InlineData("Metrics:ManagementPort", "70000", "Metrics:ManagementPort must be a TCP port")]
    [InlineData("Metrics:Path", "metrics", "Metrics:Path must be a path starting with '/'")]
    public async Task Outside_Development_an_unsafe_or_unreadable_setting_stops_the_start_and_names_the_key(string key, string value, string expected)
    {
        var failure = await Record.ExceptionAsync(() => StartAsync("Production", new() { [key] = value, ["http_ports"] = "8080" }));

        Assert.NotNull(failure);
        Assert.Contains(expected, failure.ToString());
    }

    private static async Task<WebApplication> StartAsync(
        string environment, Dictionary<string, string?> settings, bool listen = true, RecordingLoggerProvider? logs = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        if (listen)
        {
            builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        }

        builder.AddServiceDefaults();
        var app = builder.Build();
        try
        {
            app.MapDefaultEndpoints();
            app.MapGet("/", () => "the service");
            await app.StartAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Keeps every log record the host writes, for the tests that check what an operator is told.</summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly List<(int EventId, LogLevel Level, string Message)> _records = [];

    public IReadOnlyList<(int EventId, LogLevel Level, string Message)> Records
    {
        get
        {
            lock (_records)
            {
                return [.. _records];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Recorder(this);

    public void Dispose()
    {
    }

    private sealed class Recorder(RecordingLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (provider._records)
            {
                provider._records.Add((eventId.Id, logLevel, formatter(state, exception)));
            }
        }
    }
}
