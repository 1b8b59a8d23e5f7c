using Aict.SsoPortal.Sessions;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.SsoPortal.Tests.Infrastructure;

/// <summary>
/// The real portal pipeline (Development) on the test Redis under its own key prefix; <paramref name="configureOidc"/>
/// points its OpenID Connect handler at an issuer (a stub configuration or a real IdentityServer).
/// </summary>
public sealed class PortalFactory(Action<OpenIdConnectOptions> configureOidc, string authority = "http://localhost/")
    : WebApplicationFactory<Aict.SsoPortal.Program>
{
    public const string ClientId = "sso-portal";

    public string KeyPrefix { get; } = $"test:{Guid.NewGuid():N}:portal:";

    public RedisTicketStore Tickets => Services.GetRequiredService<RedisTicketStore>();

    public SessionTokens Tokens => Services.GetRequiredService<SessionTokens>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Oidc:Authority", authority);
        builder.UseSetting("Oidc:ClientId", ClientId);
        builder.UseSetting("Oidc:ClientSecret", DemoRealm.SsoPortal.Secret);
        builder.UseSetting("ConnectionStrings:redis", TestRedis.ConnectionString);
        builder.UseSetting("Portal:KeyPrefix", KeyPrefix);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureTestServices(services =>
            services.Configure(OpenIdConnectDefaults.AuthenticationScheme, configureOidc));
    }
}
