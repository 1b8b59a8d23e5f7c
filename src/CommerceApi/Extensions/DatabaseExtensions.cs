using Aict.CommerceApi.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aict.CommerceApi.Extensions;

internal static class DatabaseExtensions
{
    private const string ConnectionStringName = "commerce";

    /// <summary>The commerce database on SQLite (default) or PostgreSQL.</summary>
    public static IHostApplicationBuilder AddCommerceDatabase(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var provider = builder.Configuration[$"{DatabaseOptions.Section}:Provider"] ?? DatabaseOptions.Sqlite;
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        switch (provider)
        {
            case DatabaseOptions.Sqlite:
                builder.Services.AddDbContext<CommerceDbContext, SqliteCommerceDbContext>(options =>
                    options.UseSqlite(connectionString ?? "Data Source=aict-commerce.db"));
                break;
            case DatabaseOptions.Postgres:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is required when Database:Provider is Postgres.");
                }

                builder.Services.AddDbContext<CommerceDbContext, PostgresCommerceDbContext>(options => options.UseNpgsql(connectionString));
                break;
            default:
                throw new InvalidOperationException($"Database:Provider '{provider}' is not supported; use Sqlite or Postgres.");
        }

        return builder;
    }

    /// <summary>Applies migrations (unless <c>Database:MigrateOnStart=false</c>).</summary>
    public static async Task PrepareCommerceDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommerceDbContext>();
        if (scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
        {
            await db.Database.MigrateAsync();
        }

        if (db.Database.IsSqlite())
        {
            // Readers do not block the writer; a busy writer is waited for rather than failed.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
    }
}
