using Aict.CommerceApi.Catalog;
using Aict.CommerceApi.Orders;
using Aict.CommerceApi.Outbox;
using Aict.CommerceApi.Promotions;
using Aict.CommerceApi.Reservations;
using Microsoft.EntityFrameworkCore;

namespace Aict.CommerceApi.Data;

/// <summary>The commerce database: catalogue, inventory, promotions, orders with their outbox, reservations.</summary>
public abstract class CommerceDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Category> Categories => Set<Category>();

    public DbSet<Product> Products => Set<Product>();

    public DbSet<ProductPrice> ProductPrices => Set<ProductPrice>();

    public DbSet<Warehouse> Warehouses => Set<Warehouse>();

    public DbSet<InventoryItem> Inventory => Set<InventoryItem>();

    public DbSet<Review> Reviews => Set<Review>();

    public DbSet<Promotion> Promotions => Set<Promotion>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    public DbSet<Slot> Slots => Set<Slot>();

    public DbSet<Reservation> Reservations => Set<Reservation>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CommerceDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite can neither compare DateTimeOffset nor decimal in SQL: store instants as UTC ticks and
        // money as fixed-point ten-thousandths, so "price at", ranges and sorting run in the database on both providers.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<decimal>().HaveConversion<FixedPointConverter>();
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }
}

/// <summary>The SQLite flavour; its migrations live in <c>Data/Migrations/Sqlite</c>.</summary>
public sealed class SqliteCommerceDbContext(DbContextOptions<SqliteCommerceDbContext> options) : CommerceDbContext(options);

/// <summary>The PostgreSQL flavour; its migrations live in <c>Data/Migrations/Postgres</c>.</summary>
public sealed class PostgresCommerceDbContext(DbContextOptions<PostgresCommerceDbContext> options) : CommerceDbContext(options);
