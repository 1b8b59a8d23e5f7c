using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Aict.CommerceApi.Data;

// Used only by `dotnet ef migrations add`; no database is opened.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCommerceDbContext>
{
    public SqliteCommerceDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCommerceDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCommerceDbContext>
{
    public PostgresCommerceDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCommerceDbContext>().UseNpgsql("Host=localhost").Options);
}
