namespace Aict.IdentityServer.Administration.Audit;

internal static class AuditExtensions
{
    /// <summary>The audit trail: security events stored in the identity database, shown in the portal and the admin API.</summary>
    public static IHostApplicationBuilder AddAuditTrail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<AuditTrail>();
        return builder;
    }
}
