using System.Diagnostics;
using System.Globalization;

namespace Aict.Benchmarks.RevocationPropagation;

/// <summary>
/// How busy the machine was besides this benchmark: CPU time of all processes (Linux /proc/stat) minus
/// this process's own, over the run, in cores.
/// </summary>
internal sealed class MachineLoad
{
    // Linux reports /proc/stat in USER_HZ, which is 100 on every mainstream kernel configuration.
    private const double TicksPerSecond = 100;
    private readonly long _busyTicks = BusyTicks();
    private readonly TimeSpan _ownCpu = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly long _started = Stopwatch.GetTimestamp();

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>Average number of cores other processes kept busy since this instance was created (null off Linux).</summary>
    public double? OtherProcessesCores()
    {
        if (_busyTicks < 0)
        {
            return null;
        }

        var wall = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        var allBusy = (BusyTicks() - _busyTicks) / TicksPerSecond;
        var own = (Process.GetCurrentProcess().TotalProcessorTime - _ownCpu).TotalSeconds;
        return Math.Max(0, allBusy - own) / wall;
    }

    private static long BusyTicks()
    {
        if (!File.Exists("/proc/stat"))
        {
            return -1;
        }

        // "cpu  user nice system idle iowait irq softirq steal guest ...": guest time is already in user; idle and iowait are not busy.
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(field => long.Parse(field, CultureInfo.InvariantCulture)).ToArray();
        return fields.Take(8).Sum() - fields[3] - fields[4];
    }
}
