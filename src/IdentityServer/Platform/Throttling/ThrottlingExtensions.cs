using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Platform.Throttling;

internal static class ThrottlingExtensions
{
    /// <summary>
    /// Throttles on failed password sign-ins and failed client authentications, per client address and global
    /// (the <c>Throttling</c> section), counted in Redis and shared by every instance; and the request limits of the pages
    /// that send mail or start a passwordless sign-in, counted there too.
    /// </summary>
    public static IHostApplicationBuilder AddFailureThrottles(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ThrottlingOptions>().BindConfiguration(ThrottlingOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ThrottlingOptions>, ThrottlingOptionsValidation>();
        builder.Services.AddSingleton<ThrottleBlocks>();
        builder.Services.AddSingleton<FailureThrottle>();
        builder.Services.AddSingleton<RequestWindows>();
        builder.Services.AddHostedService<ThrottleBlockSubscription>();
        builder.Services.AddOpenIddict().AddServer(server => server.AddEventHandler(ClientAuthenticationFailures.Descriptor));
        return builder;
    }

    /// <summary>Blocked callers of the client-authenticating endpoints get 429 before OpenIddict reads their request.</summary>
    public static IApplicationBuilder UseClientAuthenticationThrottle(this IApplicationBuilder app) =>
        app.UseMiddleware<ClientAuthenticationThrottle>();
}
