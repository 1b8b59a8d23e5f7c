using System.Net;
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
/// A real Kestrel host with <c>AddTrustedProxies</c>/<c>UseTrustedProxies</c> and an endpoint that answers the client
/// address and scheme it sees; requests come from 127.0.0.1.
/// </summary>
public sealed class TrustedProxyTests
{
    private const string Client = "203.0.113.7";

    [Fact]
    public async Task In_Development_without_settings_loopback_is_a_trusted_proxy()
    {
        await using var app = await StartAsync("Development", []);

        Assert.Equal($"{Client} https", await SeenAsync(app, Client));
    }

    [Fact]
    public async Task A_peer_that_is_not_a_listed_proxy_cannot_forge_the_client_address_or_scheme()
    {
        await using var app = await StartAsync("Production", new() { ["ForwardedHeaders:KnownProxies:0"] = "10.0.0.5" });

        Assert.Equal("127.0.0.1 http", await SeenAsync(app, Client));
    }

    [Fact]
    public async Task A_peer_inside_a_listed_network_is_believed()
    {
        await using var app = await StartAsync("Production", new() { ["ForwardedHeaders:KnownNetworks:0"] = "127.0.0.0/8" });

        Assert.Equal($"{Client} https", await SeenAsync(app, Client));
    }

    [Fact]
    public async Task Only_the_address_the_trusted_proxy_appended_is_taken_not_one_the_client_put_before_it()
    {
        await using var app = await StartAsync("Production", new() { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });

        Assert.Equal($"{Client} https", await SeenAsync(app, $"198.51.100.9, {Client}"));
    }

    [Fact]
    public async Task With_Mode_None_forwarded_headers_are_ignored_even_from_loopback()
    {
        await using var app = await StartAsync("Production", new() { ["ForwardedHeaders:Mode"] = "None" });

        Assert.Equal("127.0.0.1 http", await SeenAsync(app, Client));
    }

    [Theory]
    [InlineData(null, null, "ForwardedHeaders:KnownProxies or ForwardedHeaders:KnownNetworks is required outside Development")]
    [InlineData("KnownProxies", "10.0.0.300", "ForwardedHeaders:KnownProxies must hold IP addresses")]
    [InlineData("KnownNetworks", "10.0.0.0", "ForwardedHeaders:KnownNetworks must hold networks in CIDR notation")]
    [InlineData("Mode", "Anything", "ForwardedHeaders:Mode must be 'Proxies' or 'None'")]
    public async Task Outside_Development_missing_or_unreadable_settings_stop_the_start_and_name_the_key(string? key, string? value, string expected)
    {
        var settings = key is null ? new Dictionary<string, string?>() : new() { [$"ForwardedHeaders:{key}{(key == "Mode" ? "" : ":0")}"] = value };

        var failure = await Record.ExceptionAsync(() => StartAsync("Production", settings));

        Assert.NotNull(failure);
        Assert.Contains(expected, failure.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("*")]
    [InlineData("api.aict.example;*")]
    public async Task Outside_Development_AllowedHosts_unset_or_star_stops_the_start_and_names_the_key(string? allowedHosts)
    {
        var failure = await Record.ExceptionAsync(() => StartAsync("Production", new() { ["ForwardedHeaders:Mode"] = "None" }, allowedHosts));

        Assert.NotNull(failure);
        Assert.Contains("AllowedHosts is required outside Development and may not be '*'", failure.ToString());
    }

    [Fact]
    public async Task Outside_Development_only_the_listed_hosts_are_answered()
    {
        await using var app = await StartAsync("Production", new() { ["ForwardedHeaders:Mode"] = "None" }, "localhost");
        using var http = new HttpClient();

        using var forged = new HttpRequestMessage(HttpMethod.Get, Address(app)) { Headers = { Host = "evil.example" } };
        using var listed = new HttpRequestMessage(HttpMethod.Get, Address(app)) { Headers = { Host = "localhost" } };

        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(forged)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(listed)).StatusCode);
    }

    [Fact]
    public async Task In_Development_any_host_is_answered()
    {
        await using var app = await StartAsync("Development", [], allowedHosts: null);
        using var http = new HttpClient();

        using var request = new HttpRequestMessage(HttpMethod.Get, Address(app)) { Headers = { Host = "anything.example" } };

        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);
    }

    private static async Task<WebApplication> StartAsync(string environment, Dictionary<string, string?> settings, string? allowedHosts = "localhost")
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration["AllowedHosts"] = allowedHosts;
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.AddTrustedProxies();
        builder.RequireAllowedHosts();

        var app = builder.Build();
        try
        {
            app.UseTrustedProxies();
            app.MapGet("/", (HttpContext context) => $"{context.Connection.RemoteIpAddress} {context.Request.Scheme}");
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
        new(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());

    private static async Task<string> SeenAsync(WebApplication app, string forwardedFor)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, Address(app)) { Headers = { Host = "localhost" } };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }
}
