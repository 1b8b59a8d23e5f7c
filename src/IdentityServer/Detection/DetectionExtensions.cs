using Aict.IdentityServer.Detection.Abuse;
using Aict.IdentityServer.Detection.Alerts;
using Aict.IdentityServer.Detection.Attacks;
using Aict.IdentityServer.Detection.Risk;

namespace Aict.IdentityServer.Detection;

internal static class DetectionExtensions
{
    /// <summary>
    /// Abnormal sign-in detection: the rules (counters in Redis), the risk level of each sign-in and the response
    /// configured for it, and the alerts with their sinks (the <c>Detection</c> and <c>Alerts</c> sections).
    /// </summary>
    public static IHostApplicationBuilder AddSignInDetection(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DetectionOptions>().BindConfiguration(DetectionOptions.Section);
        builder.Services.AddScoped<SecurityAlerts>();
        builder.AddAttackDetection();
        builder.AddSignInRisk();
        builder.AddFactorAbuseDetection();
        builder.AddAlertSinks();
        return builder;
    }
}
