extern alias commerce;

using Aict.CommerceApi.FunctionalTests.Infrastructure;
using commerce::Aict.CommerceApi.Data;
using commerce::Aict.CommerceApi.Orders.Payments;
using commerce::Aict.CommerceApi.Orders.Shipping;
using commerce::Aict.CommerceApi.Outbox;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Aict.CommerceApi.FunctionalTests.Orders.OrderScenario;

namespace Aict.CommerceApi.FunctionalTests.Orders;

public abstract class OrderSagaTests(CommerceServices services)
{
    private LocalPaymentGateway Payments => services.Api.Services.GetRequiredService<LocalPaymentGateway>();

    private LocalShippingProvider Carrier => services.Api.Services.GetRequiredService<LocalShippingProvider>();

    [Fact]
    public async Task An_order_completes_and_its_stock_leaves_the_warehouse()
    {
        var product = await SeedProductAsync(services.Api.Services, 12_500m, 10);
        var alice = await services.UserAsync(DemoRealm.Alice);

        var placed = await PlaceAcceptedAsync(alice, (product, 3));
        var completed = await WaitForStatusAsync(alice, placed.Id, "Completed");

        Assert.Equal(37_500m, completed.Total);
        Assert.Equal(["OrderCreated", "InventoryReserved", "PaymentAuthorized", "ShipmentRequested", "OrderCompleted"], completed.History.Select(h => h.Event));
        Assert.Equal(new StockLevel(completed.Lines.Single().WarehouseId!.Value, 7, 0), (await StockAsync(services.Api.Services, product)).Single());
        var payment = Assert.Single(Payments.Payments, p => p.IdempotencyKey == completed.ExternalKey);
        Assert.Equal((LocalPaymentState.Authorized, 37_500m, completed.PaymentReference), (payment.State, payment.Amount, payment.Reference));
        Assert.Single(Carrier.Shipments, s => s.IdempotencyKey == completed.ExternalKey && !s.Cancelled);
    }

    [Fact]
    public async Task Not_enough_stock_fails_the_order_and_reserves_nothing()
    {
        var product = await SeedProductAsync(services.Api.Services, 1_000m, 2, 1);
        var other = await SeedProductAsync(services.Api.Services, 1_000m, 5);
        var alice = await services.UserAsync(DemoRealm.Alice);

        var placed = await PlaceAcceptedAsync(alice, (other, 1), (product, 3));
        var failed = await WaitForStatusAsync(alice, placed.Id, "Failed");

        Assert.Contains("Not enough stock", failed.FailureReason);
        Assert.All(await StockAsync(services.Api.Services, product), s => Assert.Equal(0, s.Reserved));
        Assert.Equal(0, (await StockAsync(services.Api.Services, other)).Single().Reserved);
        Assert.DoesNotContain(Payments.Payments, p => p.IdempotencyKey == failed.ExternalKey);
    }

    [Fact]
    public async Task A_payment_failure_leaves_inventory_exactly_as_it_was_before_the_order()
    {
        var product = await SeedProductAsync(services.Api.Services, 9_900m, 5, 3);
        var alice = await services.UserAsync(DemoRealm.Alice);
        var before = await StockAsync(services.Api.Services, product);

        Payments.DeclineNext();
        var placed = await PlaceAcceptedAsync(alice, (product, 4));
        var failed = await WaitForStatusAsync(alice, placed.Id, "Failed");

        Assert.Contains("Payment declined", failed.FailureReason);
        Assert.Equal(["OrderCreated", "InventoryReserved", "OrderFailed"], failed.History.Select(h => h.Event));
        Assert.Equal(before, await StockAsync(services.Api.Services, product));
        Assert.Equal(LocalPaymentState.Declined, Assert.Single(Payments.Payments, p => p.IdempotencyKey == failed.ExternalKey).State);
        Assert.Equal(["OrderCreated", "InventoryReserved", "InventoryReleased", "OrderFailed"], await OutboxTypesAsync(services.Api.Services, failed.Id));
    }

    [Fact]
    public async Task A_refused_shipment_voids_the_payment_and_releases_the_stock()
    {
        var product = await SeedProductAsync(services.Api.Services, 4_000m, 6);
        var alice = await services.UserAsync(DemoRealm.Alice);
        var before = await StockAsync(services.Api.Services, product);

        Carrier.FailNext();
        var placed = await PlaceAcceptedAsync(alice, (product, 2));
        var failed = await WaitForStatusAsync(alice, placed.Id, "Failed");

        Assert.Contains("Shipment refused", failed.FailureReason);
        Assert.Equal(before, await StockAsync(services.Api.Services, product));
        Assert.Equal(LocalPaymentState.Voided, Assert.Single(Payments.Payments, p => p.IdempotencyKey == failed.ExternalKey).State);
        Assert.DoesNotContain(Carrier.Shipments, s => s.IdempotencyKey == failed.ExternalKey);
        Assert.Equal(["OrderCreated", "InventoryReserved", "PaymentAuthorized", "PaymentVoided", "InventoryReleased", "OrderFailed"],
            await OutboxTypesAsync(services.Api.Services, failed.Id));
    }

    [Fact]
    public async Task Two_instances_racing_over_scarce_stock_never_oversell()
    {
        var product = await SeedProductAsync(services.Api.Services, 1_000m, 4, 2);
        var alice = await services.UserAsync(DemoRealm.Alice);
        // A second instance on the same database, calling the same gateway and carrier: two saga runners compete for every order.
        await using var second = services.Api.WithWebHostBuilder(builder => builder.ConfigureTestServices(s =>
        {
            s.AddSingleton(Payments);
            s.AddSingleton(Carrier);
        }));
        _ = second.Server;

        var placed = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => PlaceAcceptedAsync(alice, (product, 1))));
        var finished = await Task.WhenAll(placed.Select(o => WaitForAsync(alice, o.Id, o => o.Status is "Completed" or "Failed", "finish")));

        Assert.Equal(6, finished.Count(o => o.Status == "Completed"));
        Assert.All(await StockAsync(services.Api.Services, product), s => Assert.Equal((0, 0), (s.OnHand, s.Reserved)));
        Assert.All(finished, o => Assert.Equal(o.Status == "Completed" ? 1 : 0, Payments.Payments.Count(p => p.IdempotencyKey == o.ExternalKey)));
    }

    [Fact]
    public async Task Every_step_publishes_its_event_through_the_outbox_in_order()
    {
        var product = await SeedProductAsync(services.Api.Services, 2_000m, 4);
        var alice = await services.UserAsync(DemoRealm.Alice);
        var publisher = services.Api.Services.GetRequiredService<LocalEventPublisher>();

        var placed = await PlaceAcceptedAsync(alice, (product, 1));
        await WaitForStatusAsync(alice, placed.Id, "Completed");
        await EventuallyAsync(async () => await UnprocessedAsync(placed.Id) == 0, "the outbox publisher processed the order's messages");

        var published = publisher.Published.Where(e => OrderIdOf(e.Payload) == placed.Id).DistinctBy(e => e.MessageId).Select(e => e.Type);
        Assert.Equal(["OrderCreated", "InventoryReserved", "PaymentAuthorized", "ShipmentRequested", "OrderCompleted"], published);
    }

    private async Task<int> UnprocessedAsync(Guid orderId)
    {
        await using var scope = services.Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommerceDbContext>();
        var pending = await db.Outbox.AsNoTracking().Where(m => m.ProcessedAt == null).Select(m => m.Payload).ToListAsync();
        return pending.Count(payload => OrderIdOf(payload) == orderId);
    }
}

[Collection(OnSqlite.Name)]
public sealed class OrderSagaOnSqlite(SqliteServices services) : OrderSagaTests(services);

[Collection(OnPostgres.Name)]
public sealed class OrderSagaOnPostgres(PostgresServices services) : OrderSagaTests(services);
