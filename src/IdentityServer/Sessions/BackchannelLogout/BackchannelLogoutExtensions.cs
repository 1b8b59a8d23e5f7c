using Aict.IdentityServer.Platform.Outbox;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Sessions.BackchannelLogout;

internal static class BackchannelLogoutExtensions
{
    /// <summary>OIDC Back-Channel Logout 1.0: notices stored for ended sessions and delivered in the background (the <c>BackchannelLogout</c> section).</summary>
    public static IHostApplicationBuilder AddBackchannelLogout(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BackchannelLogoutOptions>().BindConfiguration(BackchannelLogoutOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<IBackchannelLogoutScheduler, BackchannelLogoutScheduler>();
        builder.Services.AddScoped<LogoutRegistrations>();
        builder.Services.AddScoped<LogoutNoticeRound>();
        builder.Services.AddSingleton<LogoutTokens>();
        builder.Services.AddSingleton<DispatcherWakeUp>();
        builder.Services.AddHostedService<BackchannelLogoutDispatcher>();

        // A client's logout endpoint is told, not followed: no redirects, no cookies, a short timeout, and outside
        // Development only public addresses, as resolved when connecting.
        builder.Services.AddHttpClient(LogoutNoticeRound.HttpClientName, (services, client) =>
                client.Timeout = services.GetRequiredService<IOptions<BackchannelLogoutOptions>>().Value.RequestTimeout)
            .ConfigurePrimaryHttpMessageHandler(services => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                ConnectCallback = LogoutUriRule.For(builder.Environment, services.GetRequiredService<IOptions<BackchannelLogoutOptions>>().Value)
                    .AllowPrivateNetworks ? null : PublicAddressConnector.ConnectAsync,
            });

        return builder;
    }
}
