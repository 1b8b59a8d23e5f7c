using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Aict.TestSupport;

/// <summary>
/// A PostgreSQL cluster of this test's own (initdb into a temporary directory, trust authentication, a free port) that
/// the test may stop and start, never the shared server. initdb refuses to run as root: as root, it runs as postgres.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private const string Binaries = "/usr/lib/postgresql/15/bin";
    private const string Role = "aict";

    private readonly string _directory = Directory.CreateTempSubdirectory("aict-pg-").FullName;

    public int Port { get; } = FreePort();

    private string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>A new database on this cluster for one service; the service's migrations create it.</summary>
    public TestDatabase Database(string name) => new PrivateDatabase($"Host=127.0.0.1;Port={Port};Username={Role};Database={name}");

    /// <summary>Creates the cluster on first use, then starts the server and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        if (!Directory.Exists(DataDirectory))
        {
            if (IsRoot)
            {
                await RunAsync("chown", $"postgres {_directory}");
            }

            await RunAsPostgresAsync($"{Binaries}/initdb -D {DataDirectory} -U {Role} --auth=trust -E UTF8 --no-sync");
        }

        // fsync off: the cluster lives for one test run; -k keeps its socket out of the shared server's directory.
        await RunAsPostgresAsync($"{Binaries}/pg_ctl -D {DataDirectory} -l {_directory}/server.log -w -t 30 " +
            $"-o \"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off\" start");
    }

    /// <summary>Stops the server the way an operator's restart does: open connections are closed (fast shutdown).</summary>
    public Task StopAsync() => RunAsPostgresAsync($"{Binaries}/pg_ctl -D {DataDirectory} -m fast -w -t 30 stop");

    public async ValueTask DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            await RunAsPostgresAsync($"{Binaries}/pg_ctl -D {DataDirectory} -m immediate -w stop");
        }

        Directory.Delete(_directory, recursive: true);
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static Task RunAsPostgresAsync(string command) =>
        IsRoot ? RunAsync("runuser", $"-u postgres -- {command}") : RunAsync("bash", $"-c \"{command.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");

    private static async Task RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} exited with {process.ExitCode}: {await output}{await error}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Dropped with the cluster, so nothing to do of its own.</summary>
    private sealed class PrivateDatabase(string connectionString) : TestDatabase
    {
        public override string Provider => "Postgres";

        public override string ConnectionString => connectionString;

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
