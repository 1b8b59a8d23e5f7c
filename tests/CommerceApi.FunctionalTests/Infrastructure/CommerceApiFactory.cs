extern alias commerce;

using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.CommerceApi.FunctionalTests.Infrastructure;

/// <summary>
/// The real CommerceApi pipeline on its own database, validating tokens against a real
/// IdentityServer (its discovery document and JWKS fetched through the in-memory server).
/// </summary>
public sealed class CommerceApiFactory(
    IdentityServerFactory identity, TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null, string environment = "Development")
    : WebApplicationFactory<commerce::Program>
{
    public ShiftableClock Clock { get; } = new();

    public HttpClient CreateClient(string? accessToken)
    {
        var client = CreateClient();
        if (accessToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", accessToken);
        }

        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("Database:Provider", database.Provider);
        builder.UseSetting("ConnectionStrings:commerce", database.ConnectionString);
        builder.UseSetting("Identity:Authority", IdentityServerFactory.Issuer);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Same prefix as its IdentityServer: it sees that realm's revocations and no other test server's.
        foreach (var (key, value) in TestRedis.Settings(identity.RevocationPrefix))
        {
            builder.UseSetting(key, value);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            // Configure, not PostConfigure: the handler builds its metadata client in its own PostConfigure.
            services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme,
                options => options.BackchannelHttpHandler = identity.Server.CreateHandler());
        });
    }
}
