extern alias commerce;

using Aict.CommerceApi.FunctionalTests.Infrastructure;
using commerce::Aict.CommerceApi.Orders;
using commerce::Aict.CommerceApi.Orders.Payments;
using commerce::Aict.CommerceApi.Orders.Saga;
using commerce::Aict.CommerceApi.Orders.Shipping;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static Aict.CommerceApi.FunctionalTests.Orders.OrderScenario;

namespace Aict.CommerceApi.FunctionalTests.Orders;

/// <summary>
/// A process dies in the middle of a saga and a new one starts on the same database. The payment
/// gateway and the carrier are outside the process, so both instances share them.
/// </summary>
public abstract class OrderRecoveryTests(CommerceServices services, Func<TestDatabase> newDatabase)
{
    [Theory]
    [InlineData(OrderStatus.InventoryReserved)]
    [InlineData(OrderStatus.PaymentAuthorized)]
    [InlineData(OrderStatus.ShipmentRequested)]
    [InlineData(OrderStatus.Completed)]
    public async Task A_restart_after_a_crash_before_a_commit_resumes_the_saga_without_losing_or_doubling_anything(OrderStatus crashBefore)
    {
        await using var database = newDatabase();
        var payments = new LocalPaymentGateway();
        var carrier = new LocalShippingProvider();
        var token = await services.UserTokenAsync(DemoRealm.Alice);

        Guid product;
        OrderDto placed;
        await using (var crashing = new CommerceApiFactory(services.Identity, database))
        {
            var api = SharingExternals(crashing, payments, carrier);
            using var alice = WithToken(api.CreateClient(), token);
            // Left armed: this instance "dies" at that point every time, until it is disposed.
            _ = api.Services.GetRequiredService<SagaFaults>().CrashBeforeCommitting(crashBefore);
            product = await SeedProductAsync(api.Services, 7_000m, 5);

            placed = await PlaceAcceptedAsync(alice, (product, 2));
            var previous = (OrderStatus)((int)crashBefore - 1); // the saga's statuses are declared in step order
            await WaitForAsync(alice, placed.Id, o => o.Status == previous.ToString() && ExternalCallMade(crashBefore, placed, payments, carrier),
                $"stop at {previous} after the call that leads to {crashBefore}");
        }

        await using var restarted = new CommerceApiFactory(services.Identity, database);
        var resumed = SharingExternals(restarted, payments, carrier);
        using var client = WithToken(resumed.CreateClient(), token);
        var completed = await WaitForStatusAsync(client, placed.Id, "Completed");

        Assert.Equal(["OrderCreated", "InventoryReserved", "PaymentAuthorized", "ShipmentRequested", "OrderCompleted"], completed.History.Select(h => h.Event));
        var stock = (await StockAsync(resumed.Services, product)).Single();
        Assert.Equal((3, 0), (stock.OnHand, stock.Reserved));
        var payment = Assert.Single(payments.Payments);
        Assert.Equal((LocalPaymentState.Authorized, 14_000m, completed.PaymentReference), (payment.State, payment.Amount, payment.Reference));
        Assert.Equal(completed.ShipmentReference, Assert.Single(carrier.Shipments).Reference);
        Assert.Equal(completed.History.Select(h => h.Event), await OutboxTypesAsync(resumed.Services, completed.Id));
    }

    private static WebApplicationFactory<commerce::Program> SharingExternals(CommerceApiFactory factory, LocalPaymentGateway payments, LocalShippingProvider carrier) =>
        factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(s =>
        {
            s.AddSingleton(payments);
            s.AddSingleton(carrier);
        }));

    private static HttpClient WithToken(HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    /// <summary>The crash must come after the step's external call, the case that tempts a second charge or booking.</summary>
    private static bool ExternalCallMade(OrderStatus crashBefore, OrderDto order, LocalPaymentGateway payments, LocalShippingProvider carrier) => crashBefore switch
    {
        OrderStatus.PaymentAuthorized => payments.Payments.Any(p => p.IdempotencyKey == order.ExternalKey),
        OrderStatus.ShipmentRequested => carrier.Shipments.Any(s => s.IdempotencyKey == order.ExternalKey),
        _ => true,
    };
}

[Collection(OnSqlite.Name)]
public sealed class OrderRecoveryOnSqlite(SqliteServices services) : OrderRecoveryTests(services, TestDatabase.Sqlite);

[Collection(OnPostgres.Name)]
public sealed class OrderRecoveryOnPostgres(PostgresServices services) : OrderRecoveryTests(services, TestDatabase.Postgres);
