using Aict.IdentityServer.Mfa;

namespace Aict.IdentityServer.Extensions;

internal static class MfaEnrolmentExtensions
{
    /// <summary>Self-service factor changes behind the account API: adding and removing the phone for SMS codes.</summary>
    public static IHostApplicationBuilder AddMfaEnrolment(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<PhoneEnrolment>();
        return builder;
    }
}
