namespace Aict.IdentityServer.Detection.Abuse;

internal static class AbuseExtensions
{
    /// <summary>Token and factor abuse: a replayed refresh token, SMS pumping, MFA fatigue (<c>Detection:RefreshTokenReplay</c>, <c>:SmsPumping</c>, <c>:MfaFatigue</c>).</summary>
    public static IHostApplicationBuilder AddFactorAbuseDetection(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RefreshTokenReplayOptions>().BindConfiguration(RefreshTokenReplayOptions.Section);
        builder.Services.AddOptions<SmsPumpingOptions>().BindConfiguration(SmsPumpingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<MfaFatigueOptions>().BindConfiguration(MfaFatigueOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<AbuseAlerts>();
        builder.Services.AddSingleton<SmsPumpingRule>();
        builder.Services.AddSingleton<MfaFatigueRule>();
        builder.Services.AddScoped<RefreshTokenReplayRule>();
        builder.Services.AddOpenIddict().AddServer(server => server.AddEventHandler(RefreshTokenReplayRule.Descriptor));
        return builder;
    }
}
