using System.Diagnostics;

namespace Aict.Benchmarks.Protocol;

/// <summary>Runs a load once to warm up, then again for the measured duration with the services' meters running.</summary>
internal sealed class ScenarioRunner(ProtocolStack stack, DriverSettings settings)
{
    /// <param name="scenario">The scenario.</param>
    /// <param name="commerce">The CommerceApi process under load, or null when the load is on IdentityServer alone.</param>
    /// <param name="load">Runs the load for a duration; its flag says whether this is the warm-up.</param>
    public async Task<ScenarioResult> MeasureAsync(Scenario scenario, ServiceProcess? commerce, Func<bool, TimeSpan, Task<LoadFigures>> load)
    {
        var warmUp = DriverSettings.WarmUpFor(scenario);
        Console.WriteLine($"  {scenario}: warm-up {warmUp.TotalSeconds:0} s, then {settings.Duration.TotalSeconds:0} s");
        await load(true, warmUp);
        // Only the process under load is metered: IdentityServer sits idle while CommerceApi serves reads.
        var meter = (commerce ?? stack.Identity).Meter;
        meter.Start();
        var driverCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var figures = await load(false, settings.Duration);
        var usage = meter.Stop();
        var result = new ScenarioResult(scenario, figures, commerce is null ? usage : null, commerce is null ? null : usage)
        {
            DriverCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - driverCpu).TotalSeconds,
        };
        Console.WriteLine($"    {figures.RequestsPerSecond:N1}/s, p50 {figures.P50Milliseconds:N1} ms, p99 {figures.P99Milliseconds:N1} ms, " +
            $"{figures.Errors} errors, peak RSS {usage.PeakRssMegabytes:N0} MB ({(commerce ?? stack.Identity).Name})");
        return result;
    }
}
