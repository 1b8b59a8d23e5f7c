using System.Globalization;

namespace Aict.Benchmarks.Protocol;

/// <summary>Issue 7's targets for each scenario, and whether a run met them.</summary>
internal static class Targets
{
    public const double MaxRssMegabytes = 250;

    /// <summary>The scenario's own target; every scenario also needs RSS ≤ 250 MB and no errors (<see cref="Verdict"/>).</summary>
    public static string Describe(Scenario scenario, double hashBound) => scenario switch
    {
        Scenario.ClientCredentials => "≥ 5,000/s, p99 ≤ 25 ms",
        Scenario.RefreshToken => "≥ 1,500/s",
        Scenario.PasswordSignIn => string.Create(CultureInfo.InvariantCulture, $"≥ 90 % of the hash bound ({hashBound:N1}/s)"),
        Scenario.ReadWithToken or Scenario.ReadWithTokenShipped => "≥ 75 % of without token",
        _ => "baseline",
    };

    /// <summary>"yes" or "no: what missed", with the ratio where the target is one.</summary>
    public static string Verdict(ScenarioResult result, IReadOnlyList<ScenarioResult> all, double hashBound)
    {
        var figures = result.Figures;
        var missed = new List<string>();
        var ratio = result.Scenario switch
        {
            Scenario.PasswordSignIn => figures.RequestsPerSecond / hashBound,
            Scenario.ReadWithToken or Scenario.ReadWithTokenShipped =>
                figures.RequestsPerSecond / all.Single(r => r.Scenario == Scenario.ReadWithoutToken).Figures.RequestsPerSecond,
            _ => (double?)null,
        };
        var throughputMet = result.Scenario switch
        {
            Scenario.ClientCredentials => figures.RequestsPerSecond >= 5_000,
            Scenario.RefreshToken => figures.RequestsPerSecond >= 1_500,
            Scenario.PasswordSignIn => ratio >= 0.90,
            Scenario.ReadWithToken or Scenario.ReadWithTokenShipped => ratio >= 0.75,
            _ => true,
        };
        if (!throughputMet)
        {
            missed.Add("rate");
        }

        if (result.Scenario == Scenario.ClientCredentials && figures.P99Milliseconds > 25)
        {
            missed.Add("p99");
        }

        if (result.Identity?.PeakRssMegabytes > MaxRssMegabytes || result.Commerce?.PeakRssMegabytes > MaxRssMegabytes)
        {
            missed.Add("RSS");
        }

        if (figures.Errors > 0)
        {
            missed.Add("errors");
        }

        var verdict = missed.Count == 0 ? "yes" : "no: " + string.Join(", ", missed);
        return ratio is { } value ? string.Create(CultureInfo.InvariantCulture, $"{verdict} ({value:P0})") : verdict;
    }
}
