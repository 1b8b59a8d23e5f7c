using StackExchange.Redis;

namespace Aict.Fleet.Tests.Infrastructure;

/// <summary>A redis-server of the fleet's own on a free loopback port: nothing kept on disk, killed with the fleet.</summary>
public sealed class PrivateRedis : IAsyncDisposable
{
    private readonly ServiceProcess _process;
    private readonly string _directory;

    private PrivateRedis(int port, ServiceProcess process, string directory)
    {
        Port = port;
        _process = process;
        _directory = directory;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<PrivateRedis> StartAsync()
    {
        var port = FleetPorts.Free();
        var directory = Directory.CreateTempSubdirectory("aict-fleet-redis-").FullName;
        var process = ServiceProcess.Start("redis-server", "redis-server",
            ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory],
            new Dictionary<string, string>());
        var redis = new PrivateRedis(port, process, directory);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync($"{redis.ConnectionString},connectTimeout=500");
                await connection.GetDatabase().PingAsync();
                return redis;
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50);
            }
            catch
            {
                await redis.DisposeAsync();
                throw;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
