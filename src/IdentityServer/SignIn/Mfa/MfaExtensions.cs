using Aict.IdentityServer.SignIn.Mfa.RecoveryCodes;
using Aict.IdentityServer.SignIn.Mfa.Totp;

namespace Aict.IdentityServer.SignIn.Mfa;

internal static class MfaExtensions
{
    /// <summary>Second factors: TOTP enrolment and verification, recovery codes, the factor summary and the admin reset.</summary>
    public static IHostApplicationBuilder AddMultiFactorAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MfaOptions>().BindConfiguration(MfaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<TotpSecretProtector>();
        builder.Services.AddScoped<TotpVerifier>();
        builder.Services.AddScoped<TotpEnrolment>();
        builder.Services.AddScoped<RecoveryCodeSet>();
        builder.Services.AddScoped<MfaFactors>();
        builder.Services.AddScoped<MfaFactorRemoval>();
        builder.Services.AddScoped<MfaRequirement>();
        return builder;
    }
}
