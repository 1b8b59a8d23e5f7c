using System.ComponentModel.DataAnnotations;
using Aict.CommerceApi.Data;
using Aict.CommerceApi.Errors;
using Aict.CommerceApi.Orders.Saga;
using Aict.CommerceApi.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Aict.CommerceApi.Orders;

/// <summary>
/// Orders: placed with <c>orders:write</c> and carried out by the saga in the background; read with
/// <c>orders:read</c>. A caller sees the orders it placed (a user its own, a partner the ones it placed
/// itself); an admin sees all. Another customer's order is a 404, so its existence is not revealed.
/// </summary>
public static class OrdersApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    private const int MaxIdempotencyKeyLength = 200;

    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/api/orders").WithTags("Orders");
        orders.MapGet("/", ListAsync).RequireAuthorization(Scopes.OrdersRead)
            .WithSummary("The caller's orders, newest first (an admin sees every customer's; a partner the ones it placed).");
        orders.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Scopes.OrdersRead).WithName("GetOrder")
            .WithSummary("An order with its lines, totals, status and history; 404 for another customer's.");
        orders.MapPost("/", PlaceAsync).RequireAuthorization(Scopes.OrdersWrite)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("Places an order (202) that the saga then carries out; a repeated Idempotency-Key returns the first order (200).")
            .WithDescription("A user's order above Orders:MfaRequiredAbove needs a token with acr urn:aict:loa:2; without it the answer is "
                + "RFC 9470's 401 insufficient_user_authentication naming acr_values, and nothing is stored.");
        orders.MapPost("/{id:guid}/cancel", CancelAsync).RequireAuthorization(Scopes.OrdersWrite)
            .WithSummary("Cancels an unfinished order and undoes what was done; 409 once it is completed, failed or cancelled.");
        return app;
    }

    private static async Task<Ok<OrderPage>> ListAsync(
        HttpContext http, CommerceDbContext db, CancellationToken cancellationToken,
        [Range(1, int.MaxValue)] int page = 1, [Range(1, 100)] int pageSize = 20)
    {
        var visible = Visible(db.Orders.AsNoTracking(), Caller.From(http));
        var total = await visible.CountAsync(cancellationToken);
        var items = await visible.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(o => new OrderSummary(o.Id, o.CustomerId, o.Status, o.Currency, o.Total, o.CreatedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new OrderPage(items, page, pageSize, total));
    }

    private static async Task<Results<Ok<OrderResponse>, NotFound>> GetAsync(
        Guid id, HttpContext http, CommerceDbContext db, CancellationToken cancellationToken) =>
        await FindVisibleAsync(db, id, Caller.From(http), cancellationToken) is { } order
            ? TypedResults.Ok(OrderResponse.From(order))
            : TypedResults.NotFound();

    private static async Task<Results<Accepted<OrderResponse>, Ok<OrderResponse>, ValidationProblem>> PlaceAsync(
        CreateOrderRequest request, [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        HttpContext http, OrderPlacement placement, CancellationToken cancellationToken)
    {
        if (idempotencyKey is { } key && (string.IsNullOrWhiteSpace(key) || key.Length > MaxIdempotencyKeyLength))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [IdempotencyKeyHeader] = [$"The {IdempotencyKeyHeader} header must have 1 to {MaxIdempotencyKeyLength} characters."],
            });
        }

        var (order, created) = await placement.PlaceAsync(Caller.From(http), request, idempotencyKey, cancellationToken);
        var response = OrderResponse.From(order);
        if (!created)
        {
            http.Response.Headers.Location = $"/api/orders/{order.Id}";
            return TypedResults.Ok(response);
        }

        // 202: the order is accepted; the saga carries it out and GET /api/orders/{id} shows how far it got.
        return TypedResults.Accepted($"/api/orders/{order.Id}", response);
    }

    private static async Task<Ok<OrderResponse>> CancelAsync(
        Guid id, HttpContext http, CommerceDbContext db, OrderCancellation cancellation, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http);
        _ = await FindVisibleAsync(db, id, caller, cancellationToken) ?? throw new NotFoundException($"Order {id} was not found.");
        await cancellation.CancelAsync(id, cancellationToken);
        db.ChangeTracker.Clear();
        return TypedResults.Ok(OrderResponse.From((await FindVisibleAsync(db, id, caller, cancellationToken))!));
    }

    private static IQueryable<Order> Visible(IQueryable<Order> orders, Caller caller) =>
        caller.ActsAsAdmin() ? orders : orders.Where(o => o.CustomerId == caller.Subject);

    // By id first: a customer's own order needs no admin rights, so an admin who must step up still sees theirs.
    private static async Task<Order?> FindVisibleAsync(CommerceDbContext db, Guid id, Caller caller, CancellationToken cancellationToken) =>
        await db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.History)
            .AsSplitQuery().SingleOrDefaultAsync(o => o.Id == id, cancellationToken) is { } order
            && (order.CustomerId == caller.Subject || caller.ActsAsAdmin())
            ? order
            : null;
}
