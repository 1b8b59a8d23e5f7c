using Aict.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>One database per service, on SQLite by default or PostgreSQL, each provider with its own migrations.</summary>
public static class DatabaseExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TContext"/> as the provider-specific <typeparamref name="TSqlite"/> or
    /// <typeparamref name="TPostgres"/> (each carries its own migrations), from <c>Database:Provider</c>
    /// and <c>ConnectionStrings:{connectionName}</c>. Contexts are pooled: the options are built once and a
    /// request reuses a reset context instead of building options, internal services and a context of its own.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext, TSqlite, TPostgres>(
        this IHostApplicationBuilder builder, string connectionName, string defaultSqliteFile,
        Action<DbContextOptionsBuilder>? configure = null)
        where TContext : DbContext
        where TSqlite : TContext
        where TPostgres : TContext
    {
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var provider = builder.Configuration[$"{DatabaseOptions.Section}:Provider"] ?? DatabaseOptions.Sqlite;
        var connectionString = builder.Configuration.GetConnectionString(connectionName);
        switch (provider)
        {
            case DatabaseOptions.Sqlite:
                var sqliteConnectionString = connectionString ?? $"Data Source={defaultSqliteFile}";
                builder.Services.AddDbContextPool<TContext, TSqlite>(options =>
                {
                    options.UseSqlite(sqliteConnectionString).AddInterceptors(SqliteConnectionTuning.Instance);
                    configure?.Invoke(options);
                });
                builder.Services.AddHostedService(services => new SqliteWalCheckpoints(sqliteConnectionString,
                    services.GetRequiredService<IOptions<DatabaseOptions>>().Value.WalCheckpointInterval,
                    services.GetService<TimeProvider>() ?? TimeProvider.System, services.GetRequiredService<ILogger<SqliteWalCheckpoints>>()));
                break;
            case DatabaseOptions.Postgres:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException($"ConnectionStrings:{connectionName} is required when Database:Provider is Postgres.");
                }

                builder.Services.AddDbContextPool<TContext, TPostgres>(options =>
                {
                    options.UseNpgsql(connectionString);
                    configure?.Invoke(options);
                });
                break;
            default:
                throw new InvalidOperationException($"Database:Provider '{provider}' is not supported; use Sqlite or Postgres.");
        }

        // Readiness only (no "live" tag): an instance whose database is away is taken out of rotation, not restarted.
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck<TContext>>("database");
        return builder;
    }

    /// <summary>
    /// The <c>migrate</c> operator command: applies pending migrations whatever <c>Database:MigrateOnStart</c> says and
    /// returns the process exit code, 0 when the database is up to date and 1, with the reason, when it could not be.
    /// </summary>
    public static async Task<int> RunMigrateCommandAsync<TContext>(this IServiceProvider services, string databaseName, TextWriter output, TextWriter error)
        where TContext : DbContext
    {
        await using var scope = services.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<TContext>().Database.MigrateAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await error.WriteLineAsync($"The {databaseName} database could not be migrated: {exception.GetBaseException().Message}");
            return 1;
        }

        await output.WriteLineAsync($"The {databaseName} database is up to date.");
        return 0;
    }

    /// <summary>Applies pending migrations (unless <c>Database:MigrateOnStart=false</c>) and tunes SQLite for concurrency.</summary>
    public static async Task MigrateServiceDatabaseAsync<TContext>(this IServiceProvider services, CancellationToken cancellationToken = default)
        where TContext : DbContext
    {
        var db = services.GetRequiredService<TContext>();
        if (services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        if (db.Database.IsSqlite())
        {
            // Readers do not block the writer: concurrent requests on one file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
