using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.Benchmarks.RevocationPropagation;

/// <summary>Real sockets: each host listens on its own loopback port, and clients reach it through the TCP stack.</summary>
internal static class KestrelHosting
{
    /// <summary>Starts the factory's host on Kestrel at a free loopback port and returns its base address.</summary>
    public static Uri Start<TEntryPoint>(WebApplicationFactory<TEntryPoint> factory)
        where TEntryPoint : class
    {
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        return new Uri(addresses.Single().TrimEnd('/') + "/");
    }

    /// <summary>A plain HTTP/1.1 client with up to <paramref name="connections"/> kept-alive connections, no cookies, no redirects.</summary>
    public static HttpClient Client(Uri baseAddress, int connections = 4) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Waits until the host reports healthy (for CommerceApi: its revocation copy is loaded and current).</summary>
    public static async Task WaitUntilHealthyAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await client.GetAsync("/health");
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{client.BaseAddress} did not become healthy: {(int)response.StatusCode}.");
            }

            await Task.Delay(100);
        }
    }
}
