namespace Aict.Benchmarks.Protocol;

/// <summary>What one load run measured: throughput, latency percentiles and every kind of failure, summed.</summary>
internal sealed record LoadFigures(long Requests, double Seconds, double RequestsPerSecond, double P50Milliseconds, double P99Milliseconds, long Errors);
