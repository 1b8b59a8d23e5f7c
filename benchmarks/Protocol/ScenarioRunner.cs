namespace Aict.Benchmarks.Protocol;

/// <summary>Runs a load once to warm up, then again for the measured duration with the services' meters running.</summary>
internal sealed class ScenarioRunner(ProtocolStack stack, DriverSettings settings)
{
    /// <param name="load">Runs the load for a duration; its flag says whether this is the warm-up.</param>
    public async Task<ScenarioResult> MeasureAsync(Scenario scenario, ServiceProcess? commerce, Func<bool, TimeSpan, Task<LoadFigures>> load)
    {
        Console.WriteLine($"  {scenario}: warm-up {DriverSettings.WarmUp.TotalSeconds:0} s, then {settings.Duration.TotalSeconds:0} s");
        await load(true, DriverSettings.WarmUp);
        stack.Identity.Meter.Start();
        commerce?.Meter.Start();
        var figures = await load(false, settings.Duration);
        var result = new ScenarioResult(scenario, figures, stack.Identity.Meter.Stop(), commerce?.Meter.Stop());
        Console.WriteLine($"    {figures.RequestsPerSecond:N1}/s, p50 {figures.P50Milliseconds:N1} ms, p99 {figures.P99Milliseconds:N1} ms, " +
            $"{figures.Errors} errors, identity {result.Identity.PeakRssMegabytes:N0} MB" +
            (result.Commerce is { } usage ? $", commerce {usage.PeakRssMegabytes:N0} MB" : string.Empty));
        return result;
    }
}
