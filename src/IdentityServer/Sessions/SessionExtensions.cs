namespace Aict.IdentityServer.Sessions;

internal static class SessionExtensions
{
    /// <summary>Server-side SSO sessions (the <c>Session</c> section), and their termination.</summary>
    public static IHostApplicationBuilder AddSsoSessions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SsoSessionOptions>().BindConfiguration(SsoSessionOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<SessionRegistry>();
        builder.Services.AddScoped<SessionTermination>();
        builder.Services.AddHostedService<ActiveSessionCount>();
        return builder;
    }
}
