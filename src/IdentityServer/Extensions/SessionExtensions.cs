using Aict.IdentityServer.Audit;
using Aict.IdentityServer.Logout;
using Aict.IdentityServer.Revocation;
using Aict.IdentityServer.Sessions;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Aict.IdentityServer.Extensions;

internal static class SessionExtensions
{
    /// <summary>Server-side SSO sessions (the <c>Session</c> section), their termination, and the audit trail.</summary>
    public static IHostApplicationBuilder AddSsoSessions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SsoSessionOptions>().BindConfiguration(SsoSessionOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<SessionRegistry>();
        builder.Services.AddScoped<SessionTermination>();
        builder.Services.AddScoped<AuditTrail>();
        builder.Services.AddSingleton<RevocationPublisher>();
        builder.Services.TryAddScoped<IBackchannelLogoutScheduler, NoBackchannelLogoutYet>();
        return builder;
    }
}
