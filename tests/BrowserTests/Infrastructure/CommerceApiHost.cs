extern alias commerce;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Aict.BrowserTests.Infrastructure;

/// <summary>
/// The real CommerceApi on its own SQLite database, validating tokens against IdentityServer's discovery
/// document and JWKS over HTTP, and sharing that realm's revocation list in the test Redis.
/// </summary>
internal sealed class CommerceApiHost(Uri authority, string revocationPrefix) : WebApplicationFactory<commerce::Program>
{
    private readonly TestDatabase _database = TestDatabase.Sqlite();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", _database.Provider);
        builder.UseSetting("ConnectionStrings:commerce", _database.ConnectionString);
        builder.UseSetting("Identity:Authority", authority.ToString());
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in TestRedis.Settings(revocationPrefix))
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }
}
