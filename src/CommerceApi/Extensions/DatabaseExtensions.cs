using Aict.CommerceApi.Data;

namespace Aict.CommerceApi.Extensions;

internal static class DatabaseExtensions
{
    /// <summary>The commerce database on SQLite (default) or PostgreSQL.</summary>
    public static IHostApplicationBuilder AddCommerceDatabase(this IHostApplicationBuilder builder) =>
        builder.AddServiceDatabase<CommerceDbContext, SqliteCommerceDbContext, PostgresCommerceDbContext>(
            connectionName: "commerce", defaultSqliteFile: "aict-commerce.db");

    public static async Task PrepareCommerceDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.MigrateServiceDatabaseAsync<CommerceDbContext>();
    }
}
