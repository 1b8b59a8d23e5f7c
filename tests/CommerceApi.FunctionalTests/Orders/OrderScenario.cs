extern alias commerce;

using System.Net.Http.Json;
using System.Text.Json;
using commerce::Aict.CommerceApi.Catalog;
using commerce::Aict.CommerceApi.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.CommerceApi.FunctionalTests.Orders;

/// <summary>
/// Seeds products and stock straight into the commerce database (the catalogue endpoints are another
/// feature's), places orders, and waits for the saga by polling the order, never by sleeping.
/// </summary>
internal static class OrderScenario
{
    private static readonly TimeSpan SagaTimeout = TimeSpan.FromSeconds(30);

    /// <summary>An active product at <paramref name="price"/> with the given on-hand stock in one new warehouse each.</summary>
    public static async Task<Guid> SeedProductAsync(IServiceProvider services, decimal price, params int[] onHandPerWarehouse)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommerceDbContext>();
        var product = new Product { Name = $"Kettle {Guid.NewGuid():N}", Currency = "KRW", CurrentPrice = price, Status = ProductStatus.Active };
        db.Products.Add(product);
        foreach (var onHand in onHandPerWarehouse)
        {
            var warehouse = new Warehouse { Code = $"W{Guid.NewGuid():N}"[..32], Name = "Test warehouse" };
            db.Warehouses.Add(warehouse);
            db.Inventory.Add(new InventoryItem { ProductId = product.Id, WarehouseId = warehouse.Id, OnHand = onHand });
        }

        await db.SaveChangesAsync();
        return product.Id;
    }

    /// <summary>The product's stock per warehouse, in a stable order, for before/after comparisons.</summary>
    public static async Task<List<StockLevel>> StockAsync(IServiceProvider services, Guid productId)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommerceDbContext>();
        var items = await db.Inventory.AsNoTracking().Where(i => i.ProductId == productId).ToListAsync();
        return [.. items.OrderBy(i => i.WarehouseId).Select(i => new StockLevel(i.WarehouseId, i.OnHand, i.Reserved))];
    }

    public static async Task<HttpResponseMessage> PlaceAsync(HttpClient client, string? idempotencyKey, params (Guid ProductId, int Quantity)[] lines)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new { lines = lines.Select(l => new { productId = l.ProductId, quantity = l.Quantity }) }),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    /// <summary>Places an order that must be accepted and returns it.</summary>
    public static async Task<OrderDto> PlaceAcceptedAsync(HttpClient client, params (Guid ProductId, int Quantity)[] lines)
    {
        using var response = await PlaceAsync(client, idempotencyKey: null, lines);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<OrderDto>())!;
    }

    /// <summary>Polls the order until it reaches <paramref name="status"/>; fails with its history when it does not in time.</summary>
    public static async Task<OrderDto> WaitForStatusAsync(HttpClient client, Guid orderId, string status) =>
        await WaitForAsync(client, orderId, o => o.Status == status, $"reach {status}");

    public static async Task<OrderDto> WaitForAsync(HttpClient client, Guid orderId, Func<OrderDto, bool> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow + SagaTimeout;
        OrderDto? order = null;
        while (DateTimeOffset.UtcNow < deadline)
        {
            order = await client.GetFromJsonAsync<OrderDto>($"/api/orders/{orderId}");
            if (condition(order!))
            {
                return order!;
            }

            await Task.Delay(50);
        }

        var history = string.Join(" → ", order?.History.Select(h => h.Event) ?? []);
        throw new TimeoutException($"Order {orderId} did not {what} within {SagaTimeout.TotalSeconds}s; it is {order?.Status} after {history}.");
    }

    /// <summary>Polls any condition (the outbox publisher runs in the background too).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow + SagaTimeout;
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {SagaTimeout.TotalSeconds}s waiting until {what}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The order's outbox messages as committed, in publishing order.</summary>
    public static async Task<List<string>> OutboxTypesAsync(IServiceProvider services, Guid orderId)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommerceDbContext>();
        var messages = await db.Outbox.AsNoTracking().OrderBy(m => m.OccurredAt).Select(m => new { m.Type, m.Payload }).ToListAsync();
        return [.. messages.Where(m => OrderIdOf(m.Payload) == orderId).Select(m => m.Type)];
    }

    public static Guid OrderIdOf(string payload)
    {
        using var json = JsonDocument.Parse(payload);
        return json.RootElement.GetProperty("orderId").GetGuid();
    }
}

internal sealed record StockLevel(Guid WarehouseId, int OnHand, int Reserved);

internal sealed record OrderDto(
    Guid Id, string CustomerId, string Status, string Currency, decimal Subtotal, decimal Discount, decimal Total,
    string? FailureReason, string? PaymentReference, string? ShipmentReference, OrderLineDto[] Lines, OrderHistoryDto[] History)
{
    public string ExternalKey => $"order-{Id:N}";
}

internal sealed record OrderLineDto(Guid ProductId, string ProductName, int Quantity, decimal UnitPrice, decimal LineTotal, Guid? WarehouseId);

internal sealed record OrderHistoryDto(string Status, string Event, string? Detail);

internal sealed record OrderSummaryDto(Guid Id, string CustomerId, string Status, decimal Total);

internal sealed record OrderPageDto(OrderSummaryDto[] Items, int Page, int PageSize, int TotalCount);
