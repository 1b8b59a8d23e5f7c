using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Aict.BrowserTests.Infrastructure;

/// <summary>The real SsoPortal (Development), signing in through the given IdentityServer and keeping its sessions in the test Redis.</summary>
internal sealed class SsoPortalHost(Uri authority) : WebApplicationFactory<Aict.SsoPortal.Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Oidc:Authority", authority.ToString());
        builder.UseSetting("Oidc:ClientId", DemoRealm.SsoPortal.ClientId);
        builder.UseSetting("Oidc:ClientSecret", DemoRealm.SsoPortal.Secret);
        builder.UseSetting("Portal:RequireHttpsMetadata", "false");
        builder.UseSetting("ConnectionStrings:redis", TestRedis.ConnectionString);
        // Its tickets and key ring apart from every other test run's in the shared Redis.
        builder.UseSetting("Portal:KeyPrefix", TestRedis.NewPrefix() + "portal:");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.DataProtection", "Error");
    }
}
