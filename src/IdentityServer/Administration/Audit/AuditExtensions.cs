using Aict.IdentityServer.Administration.Notices;

namespace Aict.IdentityServer.Administration.Audit;

internal static class AuditExtensions
{
    /// <summary>
    /// The audit trail: security events stored in the identity database, shown in the portal and the admin
    /// API; the events that change how an account signs in also tell its holder by e-mail.
    /// </summary>
    public static IHostApplicationBuilder AddAuditTrail(this IHostApplicationBuilder builder)
    {
        builder.AddAccountChangeNotices();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<AuditTrail>();
        return builder;
    }
}
