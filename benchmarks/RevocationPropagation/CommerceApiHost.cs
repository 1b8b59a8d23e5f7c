extern alias commerce;

using Aict.TestSupport;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.Benchmarks.RevocationPropagation;

/// <summary>
/// One CommerceApi instance, its own host, database, Redis connection and revocation copy, validating
/// tokens against IdentityServer's real discovery document and JWKS over HTTP.
/// </summary>
internal sealed class CommerceApiHost(Uri authority, BenchmarkRedis redis, string revocationPrefix, bool revocationCheck)
    : WebApplicationFactory<commerce::Program>
{
    private readonly TestDatabase _database = TestDatabase.Sqlite();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", _database.Provider);
        builder.UseSetting("ConnectionStrings:commerce", _database.ConnectionString);
        builder.UseSetting("Identity:Authority", authority.ToString());
        builder.UseSetting("ConnectionStrings:redis", redis.ConnectionString);
        builder.UseSetting("Revocation:KeyPrefix", revocationPrefix);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        if (!revocationCheck)
        {
            // The baseline exists only here: the same pipeline with the token-validated handler (the revocation check) removed.
            builder.ConfigureTestServices(services => services.PostConfigure<JwtBearerOptions>(
                JwtBearerDefaults.AuthenticationScheme, options => options.Events.OnTokenValidated = _ => Task.CompletedTask));
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }
}
