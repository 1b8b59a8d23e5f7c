using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Aict.TestSupport;

/// <summary>A redis-server of a test's own (or a fleet's), on a free port, that the test may stop and start (never the shared one).</summary>
public sealed class PrivateRedis : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("aict-redis-").FullName;

    public int Port { get; } = FreePort();

    public string ConnectionString => $"127.0.0.1:{Port}";

    public async Task StartAsync()
    {
        await RunAsync("redis-server", $"--port {Port} --bind 127.0.0.1 --save '' --appendonly no --daemonize yes " +
            $"--pidfile {_directory}/redis.pid --logfile {_directory}/redis.log --dir {_directory}");
        await WaitUntilAsync(expected: "PONG");
    }

    public async Task StopAsync()
    {
        await RunAsync("redis-cli", $"-p {Port} shutdown nosave");
        await WaitUntilAsync(expected: "");
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsync("redis-cli", $"-p {Port} shutdown nosave");
        Directory.Delete(_directory, recursive: true);
    }

    private async Task WaitUntilAsync(string expected)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if ((await RunAsync("redis-cli", $"-p {Port} ping")).Trim() == expected)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException($"redis-server on port {Port} did not answer '{expected}'.");
    }

    private static async Task<string> RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", $"{file} {arguments} 2>/dev/null"])
        {
            RedirectStandardOutput = true,
        })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
