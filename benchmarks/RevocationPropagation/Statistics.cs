namespace Aict.Benchmarks.RevocationPropagation;

internal static class Statistics
{
    /// <summary>Nearest-rank percentile (p in 0..1) of unsorted values.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
