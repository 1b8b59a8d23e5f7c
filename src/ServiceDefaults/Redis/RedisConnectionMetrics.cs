using System.Diagnostics.Metrics;
using Aict.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Aict.ServiceDefaults.Redis;

/// <summary>
/// The Redis connection as gauges of the Aict meter, read only when scraped: StackExchange.Redis publishes no meter of
/// its own, and its command profiler (the trace instrumentation) costs on every command.
/// </summary>
internal sealed class RedisConnectionMetrics(IConnectionMultiplexer redis, IMeterFactory meters) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var meter = meters.Create(AictMetrics.MeterName);
        meter.CreateObservableGauge("aict.redis.connected", () => redis.IsConnected ? 1 : 0,
            description: "Whether the service's Redis connection is up (1) or down (0).");
        meter.CreateObservableGauge("aict.redis.operations.outstanding", () => redis.GetCounters().TotalOutstanding,
            description: "Redis commands sent or queued and not yet answered.");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
