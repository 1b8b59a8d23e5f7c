using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Aict.ServiceDefaults.Data;

/// <summary>
/// Readiness: one <c>SELECT 1</c> on a pooled connection. Opening a connection is not enough, since the pool hands out an
/// idle one without asking the server; a round trip tells whether the database answers now.
/// </summary>
internal sealed class DatabaseHealthCheck<TContext>(TContext db, IOptions<DatabaseOptions> options) : IHealthCheck
    where TContext : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.HealthCheckTimeout);
        try
        {
            await db.Database.ExecuteSqlRawAsync("SELECT 1", timeout.Token);
            return HealthCheckResult.Healthy("The database answers.");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The database did not answer within Database:HealthCheckTimeout.");
        }
        catch (Exception exception) when (DatabaseOutage.IsUnreachable(exception))
        {
            // The exception's message may name the server; the type says enough here, the request logs say the rest.
            return HealthCheckResult.Unhealthy($"The database is unreachable ({exception.GetBaseException().GetType().Name}).");
        }
    }
}
