using System.Net;
using Garnet;
using Garnet.server;
using Microsoft.Extensions.Hosting;

namespace Aict.AppHost;

/// <summary>Runs a Redis-compatible Garnet server inside the AppHost, so local runs need neither Docker nor redis-server.</summary>
internal sealed class EmbeddedGarnet(IPEndPoint endPoint) : IHostedService, IDisposable
{
    private GarnetServer? _server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Garnet's defaults reserve gigabytes of log memory; a development cache needs a few megabytes.
        _server = new GarnetServer(new GarnetServerOptions
        {
            EndPoints = [endPoint],
            LogMemorySize = "64m",
            PageSize = "1m",
            IndexMemorySize = "1m",
            QuietMode = true,
        });
        _server.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _server?.Dispose();
        _server = null;
    }
}
