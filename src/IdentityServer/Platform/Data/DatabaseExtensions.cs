using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Aict.IdentityServer.Platform.Data;

internal static class DatabaseExtensions
{
    /// <summary>The identity database on SQLite (default) or PostgreSQL, and the Data Protection key ring stored in it.</summary>
    public static IHostApplicationBuilder AddIdentityDatabase(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<ApplicationDbContext, SqliteApplicationDbContext, PostgresApplicationDbContext>(
            connectionName: "identity", defaultSqliteFile: "aict-identity.db", configure: options => options.UseOpenIddict());

        // Cookies and protected keys must be readable by every instance: the key ring lives in the database, encrypted.
        builder.AddProtectedKeyRing("Aict.Identity").PersistKeysToDbContext<ApplicationDbContext>();
        return builder;
    }
}
