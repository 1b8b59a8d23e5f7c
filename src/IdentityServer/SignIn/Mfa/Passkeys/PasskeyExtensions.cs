using Fido2NetLib;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.SignIn.Mfa.Passkeys;

internal static class PasskeyExtensions
{
    /// <summary>
    /// WebAuthn passkeys through Fido2 (the <c>Mfa:Passkeys</c> section): registration, sign-in ceremonies and the
    /// user's list. Outside Development the origins must be given and be https, checked at start-up.
    /// </summary>
    public static IHostApplicationBuilder AddPasskeys(this IHostApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<PasskeyOptions>().BindConfiguration(PasskeyOptions.Section)
            .PostConfigure(options =>
            {
                if (development && options.Origins.Length == 0)
                {
                    options.Origins = PasskeyOptions.DevelopmentOrigins;
                }
            })
            .ValidateDataAnnotations()
            .Validate(options => options.Origins.Length > 0,
                "Mfa:Passkeys:Origins is required: the https origins of IdentityServer and the portal, e.g. https://id.example.com.")
            .Validate(options => options.Origins.All(origin => PasskeyOrigins.IsAllowed(origin, options.RelyingPartyId, development)),
                "Mfa:Passkeys:Origins must be origins (scheme, host, port; no path) on Mfa:Passkeys:RelyingPartyId or its subdomains, and https outside Development.")
            .ValidateOnStart();

        builder.Services.AddSingleton<IFido2>(services =>
        {
            var options = services.GetRequiredService<IOptions<PasskeyOptions>>().Value;
            return new Fido2(new Fido2Configuration
            {
                RPID = options.RelyingPartyId,
                RPName = options.RelyingPartyName,
                Origins = options.Origins.Select(PasskeyOrigins.Normalize).ToHashSet(StringComparer.Ordinal),
                Timeout = (uint)options.CeremonyLifetime.TotalMilliseconds,
            });
        });
        builder.Services.AddSingleton<PasswordlessLimit>();
        builder.Services.AddSingleton<PasskeyCeremonies>();
        builder.Services.AddScoped<PasskeyRegistration>();
        builder.Services.AddScoped<PasskeyAssertion>();
        builder.Services.AddScoped<UserPasskeys>();
        return builder;
    }
}
