extern alias gateway;

using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy;

namespace Aict.Gateway.Tests;

/// <summary>
/// The real gateway (its appsettings.json routes and health-check policy) on real Kestrel, with destinations given the way
/// an operator gives them. Its routes match public hosts by port (<c>*:5200</c>); clients here send that Host header.
/// </summary>
public sealed class GatewayHost(IReadOnlyDictionary<string, string?> settings, string environment = "Development")
    : WebApplicationFactory<gateway::Program>
{
    public const string Identity = "localhost:5100";
    public const string Commerce = "localhost:5200";
    public const string Portal = "localhost:5300";

    public Uri Address { get; private set; } = null!;

    /// <summary>Settings naming <paramref name="backends"/> as the destinations of <paramref name="cluster"/>, by their names.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Destinations(string cluster, params Backend[] backends) =>
        backends.Select(backend => KeyValuePair.Create($"ReverseProxy:Clusters:{cluster}:Destinations:{backend.Name}:Address", (string?)backend.Address));

    /// <summary>Starts on a free loopback port (or, with <paramref name="configuredEndpoints"/>, on the Kestrel endpoints the settings configure).</summary>
    public GatewayHost Start(bool configuredEndpoints = false)
    {
        if (!configuredEndpoints)
        {
            Address = KestrelHosting.Start(this);
            return this;
        }

        UseKestrel();
        StartServer();
        Address = new Uri(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        return this;
    }

    /// <summary>A client of the gateway that asks for <paramref name="host"/>, as a browser of that public URL would.</summary>
    public HttpClient Client(string host, HttpMessageHandler? handler = null)
    {
        var client = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: true) { BaseAddress = Address };
        client.DefaultRequestHeaders.Host = host;
        return client;
    }

    /// <summary>Whether the gateway currently routes to the destination named <paramref name="destination"/> of <paramref name="cluster"/>.</summary>
    public bool InRotation(string cluster, string destination) =>
        Services.GetRequiredService<IProxyStateLookup>().TryGetCluster(cluster, out var state)
        && state.DestinationsState.AvailableDestinations.Any(d => d.DestinationId == destination);

    /// <summary>Starts a gateway that must refuse to start; returns what it said.</summary>
    public static async Task<string> StartFailureAsync(IReadOnlyDictionary<string, string?> settings, string environment)
    {
        var gateway = new GatewayHost(settings, environment);
        try
        {
            var error = Record.Exception(() => gateway.Start(configuredEndpoints: true));
            Assert.NotNull(error);
            return error.ToString();
        }
        finally
        {
            try
            {
                await gateway.DisposeAsync();
            }
            catch (InvalidOperationException)
            {
                // A host that never started has nothing to stop.
            }
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}

/// <summary>Reading the gateway's answers.</summary>
public static class GatewayAnswers
{
    public static async Task<Echo> EchoAsync(this HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Echo>())!;
    }

    public static async Task<Echo> GetEchoAsync(this HttpClient client, string path = "/echo")
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return await response.EchoAsync();
    }

    /// <summary>Asserts a ProblemDetails answer with <paramref name="status"/> and returns its body.</summary>
    public static async Task<string> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains($"\"status\":{(int)status}", body, StringComparison.Ordinal);
        return body;
    }
}
