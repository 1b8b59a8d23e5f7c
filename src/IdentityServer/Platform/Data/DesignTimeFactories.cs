using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Aict.IdentityServer.Platform.Data;

// Used only by `dotnet ef migrations add`; no database is opened.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteApplicationDbContext>
{
    public SqliteApplicationDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<SqliteApplicationDbContext>().UseSqlite("Data Source=design-time.db").UseOpenIddict().Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresApplicationDbContext>
{
    public PostgresApplicationDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<PostgresApplicationDbContext>().UseNpgsql("Host=localhost").UseOpenIddict().Options);
}
