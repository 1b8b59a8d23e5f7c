namespace Aict.CommerceApi.Security;

/// <summary>The API scopes IdentityServer issues for the <c>commerce-api</c> audience; each is an authorization policy.</summary>
public static class Scopes
{
    public const string ProductsRead = "products:read";
    public const string ProductsWrite = "products:write";
    public const string InventoryWrite = "inventory:write";
    public const string OrdersRead = "orders:read";
    public const string OrdersWrite = "orders:write";
    public const string ReservationsRead = "reservations:read";
    public const string ReservationsWrite = "reservations:write";

    public static readonly string[] All =
        [ProductsRead, ProductsWrite, InventoryWrite, OrdersRead, OrdersWrite, ReservationsRead, ReservationsWrite];
}
