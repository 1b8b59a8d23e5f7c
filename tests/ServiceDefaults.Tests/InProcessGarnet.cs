using System.Net;
using System.Net.Sockets;
using Garnet;
using Garnet.server;

namespace Aict.ServiceDefaults.Tests;

/// <summary>A Garnet server inside the test process, on a free port, with small memory sizes; can be stopped and started again.</summary>
internal sealed class InProcessGarnet : IDisposable
{
    private GarnetServer? _server;

    public int Port { get; } = FreePort();

    public string ConnectionString => $"127.0.0.1:{Port}";

    public void Start()
    {
        _server = new GarnetServer(new GarnetServerOptions
        {
            EndPoints = [new IPEndPoint(IPAddress.Loopback, Port)],
            LogMemorySize = "64m",
            PageSize = "1m",
            IndexMemorySize = "1m",
            QuietMode = true,
        });
        _server.Start();
    }

    public void Stop()
    {
        _server?.Dispose();
        _server = null;
    }

    public void Dispose() => Stop();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
