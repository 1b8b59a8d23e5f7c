using Aict.SsoPortal.Account;
using Aict.SsoPortal.Sessions;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Aict.SsoPortal.Tests.Infrastructure;

/// <summary>
/// The real portal pipeline (Development) on the test Redis under its own key prefix, pointed either at a stub
/// issuer's configuration (<see cref="WithIssuerConfiguration"/>) or at a real in-memory IdentityServer
/// (<see cref="WithIdentityServer"/>), whose discovery, token endpoint and account API it then calls.
/// </summary>
public sealed class PortalFactory : WebApplicationFactory<Aict.SsoPortal.Program>
{
    public const string ClientId = "sso-portal";

    private readonly Action<OpenIdConnectOptions> _configureOidc;
    private readonly string _authority;
    private readonly Func<HttpMessageHandler>? _identityServer;

    private PortalFactory(Action<OpenIdConnectOptions> configureOidc, string authority, Func<HttpMessageHandler>? identityServer)
    {
        _configureOidc = configureOidc;
        _authority = authority;
        _identityServer = identityServer;
    }

    public string KeyPrefix { get; private init; } = $"test:{Guid.NewGuid():N}:portal:";

    /// <summary><c>Development</c>, or another environment, which then gets a key-ring certificate, no proxy and one allowed host.</summary>
    public string Environment { get; init; } = "Development";

    /// <summary>Settings over the factory's own; a null value removes one.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    public static PortalFactory WithIssuerConfiguration(
        OpenIdConnectConfiguration configuration, IReadOnlyDictionary<string, string?>? settings = null, string environment = "Development") =>
        new(options => options.Configuration = configuration, configuration.Issuer, identityServer: null)
        {
            Settings = settings ?? new Dictionary<string, string?>(),
            Environment = environment,
        };

    /// <summary>Another instance of this portal, on the same Redis keys (a restart, or a second instance).</summary>
    public PortalFactory Restarted() =>
        new(_configureOidc, _authority, _identityServer) { KeyPrefix = KeyPrefix, Environment = Environment, Settings = Settings };

    public static PortalFactory WithIdentityServer(IdentityServerFactory identityServer) =>
        new(options => options.BackchannelHttpHandler = identityServer.Server.CreateHandler(), IdentityServerFactory.Issuer,
            () => identityServer.Server.CreateHandler());

    public RedisTicketStore Tickets => Services.GetRequiredService<RedisTicketStore>();

    public SessionTokens Tokens => Services.GetRequiredService<SessionTokens>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.UseSetting("Oidc:Authority", _authority);
        builder.UseSetting("Oidc:ClientId", ClientId);
        builder.UseSetting("Oidc:ClientSecret", DemoRealm.SsoPortal.Secret);
        builder.UseSetting("ConnectionStrings:redis", TestRedis.ConnectionString);
        builder.UseSetting("Portal:KeyPrefix", KeyPrefix);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        if (Environment != "Development")
        {
            foreach (var (key, value) in KeyRingCertificates.Shared.Settings())
            {
                builder.UseSetting(key, value);
            }

            builder.UseSetting("ForwardedHeaders:Mode", "None");
            builder.UseSetting("AllowedHosts", "localhost");
        }

        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.Configure(OpenIdConnectDefaults.AuthenticationScheme, _configureOidc);
            if (_identityServer is not null)
            {
                services.AddHttpClient<AccountApiClient>().ConfigurePrimaryHttpMessageHandler(_identityServer);
            }
        });
    }
}
