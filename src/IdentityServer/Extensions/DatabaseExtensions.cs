using Aict.IdentityServer.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Aict.IdentityServer.Extensions;

internal static class DatabaseExtensions
{
    private const string ConnectionStringName = "identity";

    /// <summary>The identity database on SQLite (default) or PostgreSQL, and Data Protection keys stored in it.</summary>
    public static IHostApplicationBuilder AddIdentityDatabase(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        var provider = builder.Configuration[$"{DatabaseOptions.Section}:Provider"] ?? DatabaseProviders.Sqlite;
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        switch (provider)
        {
            case DatabaseProviders.Sqlite:
                builder.Services.AddDbContext<ApplicationDbContext, SqliteApplicationDbContext>(options => options
                    .UseSqlite(connectionString ?? "Data Source=aict-identity.db")
                    .UseOpenIddict());
                break;
            case DatabaseProviders.Postgres:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException(
                        $"ConnectionStrings:{ConnectionStringName} is required when Database:Provider is Postgres.");
                }

                builder.Services.AddDbContext<ApplicationDbContext, PostgresApplicationDbContext>(options => options
                    .UseNpgsql(connectionString)
                    .UseOpenIddict());
                break;
            default:
                throw new InvalidOperationException($"Database:Provider '{provider}' is not supported; use Sqlite or Postgres.");
        }

        // Cookies and protected keys must be readable by every instance: the key ring lives in the database.
        builder.Services.AddDataProtection()
            .SetApplicationName("Aict.Identity")
            .PersistKeysToDbContext<ApplicationDbContext>();
        return builder;
    }
}
