using Aict.SsoPortal.Account;
using Aict.SsoPortal.Authentication;
using Aict.SsoPortal.Sessions;
using Microsoft.Extensions.Options;

namespace Aict.SsoPortal.Extensions;

internal static class AccountApiExtensions
{
    /// <summary>The typed client for IdentityServer's account API; each call carries the current user's (refreshed) access token.</summary>
    public static IHostApplicationBuilder AddAccountApiClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<CurrentProfile>();
        builder.Services.AddSingleton<TokenRefresher>();
        builder.Services.AddSingleton<SessionTokens>();
        builder.Services.AddTransient<AccessTokenHandler>();
        builder.Services.AddHttpClient<AccountApiClient>((services, http) =>
                http.BaseAddress = services.GetRequiredService<IOptions<OidcClientOptions>>().Value.Authority)
            .AddHttpMessageHandler<AccessTokenHandler>();
        return builder;
    }
}
