using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.TestSupport;

/// <summary>Real sockets: each host listens on a free loopback port, and clients reach it through the TCP stack.</summary>
public static class KestrelHosting
{
    /// <summary>Starts the factory's host on Kestrel (on <paramref name="port"/>, or any free one) and returns its bound address, <c>http://127.0.0.1:PORT/</c>.</summary>
    public static Uri Start<TEntryPoint>(WebApplicationFactory<TEntryPoint> factory, int port = 0)
        where TEntryPoint : class
    {
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        return new Uri(addresses.Single().TrimEnd('/') + "/");
    }

    /// <summary>Starts the factory's host on Kestrel and returns <c>http://localhost:PORT/</c>, for a browser.</summary>
    public static Uri StartOnLocalhost<TEntryPoint>(WebApplicationFactory<TEntryPoint> factory, int port = 0)
        where TEntryPoint : class => OnLocalhost(Start(factory, port).AbsoluteUri);

    /// <summary>A loopback port free right now, for a host whose address another must know before it starts.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// The same port under the name <c>localhost</c>: issuers are inferred from the request's host, cookies are
    /// scoped by host name, and WebAuthn refuses an IP address as its relying party id.
    /// </summary>
    public static Uri OnLocalhost(string address) => new UriBuilder(address) { Host = "localhost", Path = "/" }.Uri;

    /// <summary>Polls the host's health endpoint until it answers 200 (CommerceApi: its revocation copy is current), 30 s at most.</summary>
    public static async Task WaitUntilHealthyAsync(Uri baseAddress)
    {
        using var client = new HttpClient { BaseAddress = baseAddress };
        await WaitUntilHealthyAsync(client);
    }

    /// <inheritdoc cref="WaitUntilHealthyAsync(Uri)"/>
    public static async Task WaitUntilHealthyAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));
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
