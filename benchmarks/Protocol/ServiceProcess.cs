using System.Diagnostics;

namespace Aict.Benchmarks.Protocol;

/// <summary>
/// One service in its own OS process (<c>dotnet some.dll</c>), its output kept in a log file, killed on dispose.
/// </summary>
internal sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private bool _stopped;

    private ServiceProcess(string name, Uri address, Process process, StreamWriter log, string logPath)
    {
        Name = name;
        Address = address;
        _process = process;
        _log = log;
        LogPath = logPath;
        Meter = new ProcessMeter(process.Id);
    }

    public string Name { get; }

    public Uri Address { get; }

    public string LogPath { get; }

    public ProcessMeter Meter { get; }

    public int ProcessId => _process.Id;

    public bool IsRunning => !_stopped && !_process.HasExited;

    public static ServiceProcess Start(string name, Uri address, string assembly, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment, string logDirectory)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            // The assembly's folder holds its appsettings files; content root and relative paths resolve there.
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var logPath = Path.Combine(logDirectory, name + ".log");
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Write(log, line.Data);
        process.ErrorDataReceived += (_, line) => Write(log, line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServiceProcess(name, address, process, log, logPath);
    }

    /// <summary>Polls <c>/health</c> until it answers 200 (CommerceApi: its revocation copy is current).</summary>
    public async Task WaitUntilHealthyAsync(CancellationToken cancellationToken, string path = "/health")
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode}; see {LogPath}:\n{Tail()}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Name} at {Address} did not become healthy in 90 s; see {LogPath}:\n{Tail()}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>Ends the process, which closes its database connections; safe to call more than once.</summary>
    public void Stop()
    {
        if (!_stopped && !_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _stopped = true;
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
        _log.Dispose();
    }

    private string Tail()
    {
        // Shared read: the writer still has the file open.
        using var reader = new StreamReader(new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return string.Join('\n', reader.ReadToEnd().Split('\n').TakeLast(30));
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }
}
