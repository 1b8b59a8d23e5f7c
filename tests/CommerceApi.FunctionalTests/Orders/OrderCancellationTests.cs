extern alias commerce;

using System.Net;
using System.Net.Http.Json;
using Aict.CommerceApi.FunctionalTests.Infrastructure;
using commerce::Aict.CommerceApi.Orders;
using commerce::Aict.CommerceApi.Orders.Payments;
using commerce::Aict.CommerceApi.Orders.Saga;
using commerce::Aict.CommerceApi.Orders.Shipping;
using Microsoft.Extensions.DependencyInjection;
using static Aict.CommerceApi.FunctionalTests.Orders.OrderScenario;

namespace Aict.CommerceApi.FunctionalTests.Orders;

public abstract class OrderCancellationTests(CommerceServices services)
{
    private LocalPaymentGateway Payments => services.Api.Services.GetRequiredService<LocalPaymentGateway>();

    private LocalShippingProvider Carrier => services.Api.Services.GetRequiredService<LocalShippingProvider>();

    [Theory]
    [InlineData(OrderStatus.Pending, new[] { "OrderCancelled" })]
    [InlineData(OrderStatus.InventoryReserved, new[] { "InventoryReleased", "OrderCancelled" })]
    [InlineData(OrderStatus.PaymentAuthorized, new[] { "PaymentVoided", "InventoryReleased", "OrderCancelled" })]
    [InlineData(OrderStatus.ShipmentRequested, new[] { "ShipmentCancelled", "PaymentVoided", "InventoryReleased", "OrderCancelled" })]
    public async Task Cancelling_at_any_step_undoes_everything_done_so_far(OrderStatus stage, string[] compensations)
    {
        var product = await SeedProductAsync(services.Api.Services, 5_000m, 4, 2);
        var alice = await services.UserAsync(DemoRealm.Alice);
        var before = await StockAsync(services.Api.Services, product);

        OrderDto cancelled;
        using (services.Api.Services.GetRequiredService<SagaFaults>().HaltAt(stage))
        {
            var placed = await PlaceAcceptedAsync(alice, (product, 3));
            await WaitForStatusAsync(alice, placed.Id, stage.ToString());

            using var response = await alice.PostAsync($"/api/orders/{placed.Id}/cancel", content: null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            cancelled = (await response.Content.ReadFromJsonAsync<OrderDto>())!;
        }

        Assert.Equal("Cancelled", cancelled.Status);
        Assert.Equal("OrderCancelled", cancelled.History.Last().Event);
        Assert.Equal(before, await StockAsync(services.Api.Services, product));
        Assert.DoesNotContain(Payments.Payments, p => p.IdempotencyKey == cancelled.ExternalKey && p.State == LocalPaymentState.Authorized);
        Assert.DoesNotContain(Carrier.Shipments, s => s.IdempotencyKey == cancelled.ExternalKey && !s.Cancelled);
        var published = await OutboxTypesAsync(services.Api.Services, cancelled.Id);
        Assert.Equal(compensations, published.Skip(published.Count - compensations.Length));
    }

    [Fact]
    public async Task A_final_order_cannot_be_cancelled()
    {
        var product = await SeedProductAsync(services.Api.Services, 5_000m, 4);
        var alice = await services.UserAsync(DemoRealm.Alice);
        var placed = await PlaceAcceptedAsync(alice, (product, 1));
        await WaitForStatusAsync(alice, placed.Id, "Completed");

        using var response = await alice.PostAsync($"/api/orders/{placed.Id}/cancel", content: null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var stock = (await StockAsync(services.Api.Services, product)).Single();
        Assert.Equal((3, 0), (stock.OnHand, stock.Reserved));
    }

    [Fact]
    public async Task A_cancelled_order_cannot_be_cancelled_again()
    {
        var product = await SeedProductAsync(services.Api.Services, 5_000m, 4);
        var alice = await services.UserAsync(DemoRealm.Alice);
        Guid orderId;
        using (services.Api.Services.GetRequiredService<SagaFaults>().HaltAt(OrderStatus.Pending))
        {
            orderId = (await PlaceAcceptedAsync(alice, (product, 1))).Id;
            using var first = await alice.PostAsync($"/api/orders/{orderId}/cancel", content: null);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var again = await alice.PostAsync($"/api/orders/{orderId}/cancel", content: null);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task An_admin_cancels_another_customers_order()
    {
        var product = await SeedProductAsync(services.Api.Services, 5_000m, 4);
        var alice = await services.UserAsync(DemoRealm.Alice);
        var admin = await services.UserAsync(DemoRealm.Admin);
        using (services.Api.Services.GetRequiredService<SagaFaults>().HaltAt(OrderStatus.InventoryReserved))
        {
            var placed = await PlaceAcceptedAsync(alice, (product, 2));
            await WaitForStatusAsync(alice, placed.Id, "InventoryReserved");

            using var response = await admin.PostAsync($"/api/orders/{placed.Id}/cancel", content: null);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(0, (await StockAsync(services.Api.Services, product)).Single().Reserved);
    }
}

[Collection(OnSqlite.Name)]
public sealed class OrderCancellationOnSqlite(SqliteServices services) : OrderCancellationTests(services);

[Collection(OnPostgres.Name)]
public sealed class OrderCancellationOnPostgres(PostgresServices services) : OrderCancellationTests(services);
