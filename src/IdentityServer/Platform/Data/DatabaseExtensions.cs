using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Aict.IdentityServer.Platform.Data;

internal static class DatabaseExtensions
{
    /// <summary>The identity database on SQLite (default) or PostgreSQL, and Data Protection keys stored in it.</summary>
    public static IHostApplicationBuilder AddIdentityDatabase(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<ApplicationDbContext, SqliteApplicationDbContext, PostgresApplicationDbContext>(
            connectionName: "identity", defaultSqliteFile: "aict-identity.db", configure: options => options.UseOpenIddict());

        // Cookies and protected keys must be readable by every instance: the key ring lives in the database.
        builder.Services.AddDataProtection()
            .SetApplicationName("Aict.Identity")
            .PersistKeysToDbContext<ApplicationDbContext>();
        return builder;
    }
}
