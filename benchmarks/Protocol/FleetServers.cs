using System.Diagnostics;
using Npgsql;

namespace Aict.Benchmarks.Protocol;

/// <summary>
/// The fleet drills' own PostgreSQL cluster (initdb into a temporary folder, its own port), so that stopping it
/// harms no one else: stopped and started again with pg_ctl, removed on dispose.
/// </summary>
internal sealed class PrivatePostgres : IDisposable
{
    private const string Binaries = "/usr/lib/postgresql/15/bin";
    private readonly string _directory;
    private readonly int _port;

    private PrivatePostgres(string directory, int port)
    {
        _directory = directory;
        _port = port;
    }

    public string Server => $"Host=127.0.0.1;Port={_port};Username=aict;Password=aict;Timeout=5";

    public string ConnectionString(string database) => $"{Server};Database={database}";

    public static async Task<PrivatePostgres> StartAsync(string workDirectory, int port, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(workDirectory, "postgres");
        Directory.CreateDirectory(directory);
        var postgres = new PrivatePostgres(directory, port);
        try
        {
            // initdb refuses to run as root; the cluster belongs to the postgres account when the driver runs as root.
            await RunAsync(["chown", "-R", "postgres:postgres", workDirectory], asPostgres: false, cancellationToken);
            await RunAsync([$"{Binaries}/initdb", "-D", Path.Combine(directory, "data"), "-U", "aict", "--auth=trust", "--no-sync", "-E", "UTF8"],
                asPostgres: true, cancellationToken);
            await postgres.StartAgainAsync(cancellationToken);
            return postgres;
        }
        catch
        {
            postgres.Dispose();
            throw;
        }
    }

    /// <summary>The postmaster's process id (its backends are its children), or null while it is stopped.</summary>
    public int? ProcessId
    {
        get
        {
            var file = Path.Combine(_directory, "data", "postmaster.pid");
            return File.Exists(file) && int.TryParse(File.ReadLines(file).FirstOrDefault(), out var pid) ? pid : null;
        }
    }

    public async Task CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A fast shutdown: sessions are ended and clients see their connections go, as when the server is taken down.</summary>
    public Task StopAsync(CancellationToken cancellationToken) =>
        RunAsync([$"{Binaries}/pg_ctl", "-D", Path.Combine(_directory, "data"), "-m", "fast", "-w", "stop"], asPostgres: true, cancellationToken);

    public Task StartAgainAsync(CancellationToken cancellationToken) =>
        RunAsync([$"{Binaries}/pg_ctl", "-D", Path.Combine(_directory, "data"), "-l", Path.Combine(_directory, "postgres.log"), "-w",
            "-o", $"-p {_port} -c listen_addresses=127.0.0.1 -k {_directory} -c max_connections=300 -c fsync=off", "start"],
            asPostgres: true, cancellationToken);

    public void Dispose()
    {
        if (ProcessId is not null)
        {
            RunAsync([$"{Binaries}/pg_ctl", "-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop"], asPostgres: true,
                CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    private static async Task RunAsync(string[] command, bool asPostgres, CancellationToken cancellationToken)
    {
        var root = Environment.UserName == "root";
        string[] full = asPostgres && root ? ["runuser", "-u", "postgres", "--", .. command] : command;
        if (!root && full[0] == "chown")
        {
            return;
        }

        var start = new ProcessStartInfo(full[0], full[1..]) { WorkingDirectory = "/" };
        var (exitCode, output) = await ShortProcess.RunAsync(start, cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', full)} failed ({exitCode}):\n{output}");
        }
    }
}

/// <summary>The fleet drills' own redis-server, in the foreground as a child process: killed to stop it, started again on the same port.</summary>
internal sealed class PrivateRedis(int port, string directory) : IDisposable
{
    private Process? _process;

    public string Address => $"127.0.0.1:{port}";

    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("redis-server",
            ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", directory, "--logfile", Path.Combine(directory, "redis.log")])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync("127.0.0.1", port, cancellationToken);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        throw new TimeoutException($"redis-server on port {port} did not listen.");
    }

    /// <summary>Kills the server (SIGKILL): its clients lose their connections at once.</summary>
    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }

        _process?.Dispose();
        _process = null;
    }

    public void Dispose() => Stop();
}
