using System.Globalization;

namespace Aict.Benchmarks.Protocol;

/// <summary>Peak resident memory and CPU time of one process over a scenario, read from /proc (Linux, as root).</summary>
internal sealed class ProcessMeter(int processId)
{
    // USER_HZ: /proc/PID/stat counts CPU time in clock ticks of 1/100 s on Linux.
    private const double TicksPerSecond = 100;

    private double _cpuAtStart;

    /// <summary>Resets the peak (VmHWM) to the current RSS and notes the CPU time so far.</summary>
    public void Start()
    {
        // 5 resets the "high water mark" of the resident set (proc(5), clear_refs).
        File.WriteAllText($"/proc/{processId}/clear_refs", "5");
        _cpuAtStart = CpuSeconds();
    }

    public ProcessUsage Stop() => new(PeakRssMegabytes(), CpuSeconds() - _cpuAtStart);

    private double PeakRssMegabytes()
    {
        var line = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        var kilobytes = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return kilobytes / 1024.0;
    }

    private double CpuSeconds()
    {
        // The command name (field 2) may hold spaces; utime and stime are fields 14 and 15, counted after its ')'.
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks / TicksPerSecond;
    }
}

/// <summary>What one process used during a scenario.</summary>
internal sealed record ProcessUsage(double PeakRssMegabytes, double CpuSeconds);
