using System.Net;
using System.Net.Sockets;
using Garnet;
using Garnet.server;
using StackExchange.Redis;

namespace Aict.Benchmarks.RevocationPropagation;

/// <summary>
/// The Redis the run uses: the redis-server on 127.0.0.1:6390 (or AICT_BENCH_REDIS) when it answers,
/// otherwise, or when asked for, an embedded Garnet server configured as the AppHost's.
/// </summary>
internal sealed class BenchmarkRedis : IDisposable
{
    private readonly GarnetServer? _garnet;

    private BenchmarkRedis(string connectionString, string description, GarnetServer? garnet)
    {
        ConnectionString = connectionString;
        Description = description;
        _garnet = garnet;
    }

    public string ConnectionString { get; }

    /// <summary>What the results file says about the server, e.g. "redis-server 7.0.15 at 127.0.0.1:6390".</summary>
    public string Description { get; }

    public bool IsGarnet => _garnet is not null;

    public static async Task<BenchmarkRedis> StartAsync(bool garnet)
    {
        if (!garnet)
        {
            var configured = Environment.GetEnvironmentVariable("AICT_BENCH_REDIS") ?? "127.0.0.1:6390";
            if (await ServerVersionAsync(configured) is { } version)
            {
                return new BenchmarkRedis(configured, $"redis-server {version} at {configured}", null);
            }

            Console.WriteLine($"No Redis answers at {configured}; using an embedded Garnet server.");
        }

        var endPoint = new IPEndPoint(IPAddress.Loopback, FreePort());
        // The AppHost's settings: Garnet's defaults reserve gigabytes of log memory.
        var server = new GarnetServer(new GarnetServerOptions
        {
            EndPoints = [endPoint],
            LogMemorySize = "64m",
            PageSize = "1m",
            IndexMemorySize = "1m",
            QuietMode = true,
        });
        server.Start();
        var connectionString = endPoint.ToString();
        var garnetVersion = typeof(GarnetServer).Assembly.GetName().Version;
        return new BenchmarkRedis(connectionString, $"embedded Garnet {garnetVersion} (Microsoft.Garnet, in the benchmark process) at {connectionString}", server);
    }

    public void Dispose() => _garnet?.Dispose();

    private static async Task<string?> ServerVersionAsync(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.ConnectTimeout = 2_000;
        options.AbortOnConnectFail = true;
        try
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
            var server = connection.GetServer(connection.GetEndPoints()[0]);
            await server.PingAsync();
            return server.Version.ToString();
        }
        catch (RedisConnectionException)
        {
            return null;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
