using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Aict.Deploy.Tests.Manifests;

namespace Aict.Deploy.Tests.Services;

/// <summary>
/// A service's build output run as the container runs it (<c>dotnet X.dll [args]</c>) with only the given environment,
/// killed on dispose. Output is kept to explain a failure.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _home = Directory.CreateTempSubdirectory("aict-deploy-home-").FullName;

    private ServiceProcess(FleetService service, IReadOnlyDictionary<string, string> environment, IEnumerable<string> arguments)
    {
        var assembly = RepositoryFiles.ServiceAssembly(service.Project);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // As in a container: the image's variables and the manifest's, nothing inherited from the test run.
        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH");
        start.Environment["HOME"] = _home;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, line) => Append(line.Data);
        _process.ErrorDataReceived += (_, line) => Append(line.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static ServiceProcess Start(FleetService service, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        new(service, environment, arguments);

    /// <summary>Runs a command to its end and returns its exit code.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(FleetService service, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        await using var process = Start(service, environment, arguments);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process._process.WaitForExitAsync(timeout.Token);
        process._process.WaitForExit();
        return (process.ExitCode, process.Output);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_home, recursive: true);
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
