extern alias commerce;

using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.Monitoring.Tests;

/// <summary>A real IdentityServer and a CommerceApi of its realm (SQLite, the test Redis), Development settings, started once.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
public sealed class ScrapedServices : IAsyncLifetime
{
    private readonly TestDatabase _identityDatabase = TestDatabase.Sqlite();
    private readonly TestDatabase _commerceDatabase = TestDatabase.Sqlite();

    public ScrapedServices()
    {
        Identity = new IdentityServerFactory(_identityDatabase);
        Api = new CommerceApi(Identity, _commerceDatabase);
    }

    public IdentityServerFactory Identity { get; }

    public WebApplicationFactory<commerce::Program> Api { get; }

    public async Task InitializeAsync()
    {
        using var health = Api.CreateClient();
        (await health.GetAsync("/health")).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await Identity.DisposeAsync();
        await _commerceDatabase.DisposeAsync();
        await _identityDatabase.DisposeAsync();
    }

    private sealed class CommerceApi(IdentityServerFactory identity, TestDatabase database) : WebApplicationFactory<commerce::Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Database:Provider", database.Provider);
            builder.UseSetting("ConnectionStrings:commerce", database.ConnectionString);
            builder.UseSetting("Identity:Authority", IdentityServerFactory.Issuer);
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            // Same revocation prefix as its IdentityServer: it applies that realm's revocations.
            foreach (var (key, value) in TestRedis.Settings(identity.RevocationPrefix))
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureTestServices(services => services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme,
                options => options.BackchannelHttpHandler = identity.Server.CreateHandler()));
        }
    }
}
