using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aict.ServiceDefaults.Revocation;

/// <summary>Healthy while the copy is current, Degraded while stale within the bound, Unhealthy when failing closed.</summary>
public sealed class RevocationHealthCheck(RevocationCopy copy) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(copy.State switch
        {
            RevocationState.Current => HealthCheckResult.Healthy($"Revocation list current ({copy.Count} entries)."),
            RevocationState.Stale => HealthCheckResult.Degraded("Revocation list not known to be current; answering from the local copy within the staleness bound."),
            _ => HealthCheckResult.Unhealthy("Revocation list unavailable beyond the staleness bound; token checks fail closed."),
        });
}
