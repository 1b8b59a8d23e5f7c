using Microsoft.Extensions.Diagnostics.HealthChecks;
using Yarp.ReverseProxy;

namespace Aict.Gateway.Proxy;

/// <summary>Readiness of one cluster: unhealthy while none of its destinations is available (all failed their health checks, or none configured).</summary>
internal sealed class ClusterHealthCheck(IProxyStateLookup proxy, string clusterId) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!proxy.TryGetCluster(clusterId, out var cluster))
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"Cluster {clusterId} is not configured."));
        }

        var available = cluster.DestinationsState.AvailableDestinations.Count;
        var all = cluster.DestinationsState.AllDestinations.Count;
        return Task.FromResult(available > 0
            ? HealthCheckResult.Healthy($"{available} of {all} destinations of {clusterId} available.")
            : HealthCheckResult.Unhealthy($"None of the {all} destinations of {clusterId} is available."));
    }
}
