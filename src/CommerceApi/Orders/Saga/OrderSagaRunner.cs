using Aict.CommerceApi.Data;
using Aict.CommerceApi.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aict.CommerceApi.Orders.Saga;

/// <summary>Signals the saga runner that an order was placed.</summary>
public sealed class OrderSagaSignal : WorkSignal;

/// <summary>
/// Drives every order that is not final, oldest first, until it is final; after a restart it picks
/// up where the previous process stopped, because the order's status is the saga's state.
/// </summary>
internal sealed partial class OrderSagaRunner(
    IServiceScopeFactory scopes, OrderSagaSignal signal, IOptions<OrdersOptions> options, ILogger<OrderSagaRunner> logger) : BackgroundService
{
    private const int BatchSize = 50;

    private static readonly OrderStatus[] Active =
        [OrderStatus.Pending, OrderStatus.InventoryReserved, OrderStatus.PaymentAuthorized, OrderStatus.ShipmentRequested];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var orderId in await ActiveOrdersAsync(stoppingToken))
                {
                    await DriveAsync(orderId, stoppingToken);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogPassFailed(exception);
            }

            await signal.WaitAsync(options.Value.SagaPollInterval, stoppingToken);
        }
    }

    private async Task<List<Guid>> ActiveOrdersAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommerceDbContext>();
        return await db.Orders.AsNoTracking().Where(o => Active.Contains(o.Status))
            .OrderBy(o => o.CreatedAt).Select(o => o.Id).Take(BatchSize).ToListAsync(cancellationToken);
    }

    private async Task DriveAsync(Guid orderId, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var saga = scope.ServiceProvider.GetRequiredService<OrderSaga>();
            while (await saga.AdvanceAsync(orderId, cancellationToken))
            {
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The order keeps its last committed state; the next pass retries the step.
            LogStepFailed(exception, orderId);
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "A saga step of order {OrderId} failed; it will be retried")]
    private partial void LogStepFailed(Exception exception, Guid orderId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Looking for active orders failed; retrying after the poll interval")]
    private partial void LogPassFailed(Exception exception);
}
