using Aict.IdentityServer.Mfa;

namespace Aict.IdentityServer.Extensions;

internal static class MfaExtensions
{
    /// <summary>Second factors: TOTP enrolment and verification, recovery codes, the factor summary and the admin reset.</summary>
    public static IHostApplicationBuilder AddMultiFactorAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TotpSecretProtector>();
        builder.Services.AddScoped<TotpVerifier>();
        builder.Services.AddScoped<TotpEnrolment>();
        builder.Services.AddScoped<RecoveryCodeSet>();
        builder.Services.AddScoped<MfaFactors>();
        builder.Services.AddScoped<MfaFactorRemoval>();
        return builder;
    }
}
