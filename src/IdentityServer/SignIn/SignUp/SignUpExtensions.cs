using Aict.IdentityServer.Platform.Email;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.SignIn.SignUp;

internal static class SignUpExtensions
{
    /// <summary>
    /// Self-service sign-up (the <c>Registration</c> section; on by default in Development only) and the e-mail
    /// verification it shares with e-mail changes: the link tokens, the per-address and per-e-mail limits, the mailer.
    /// </summary>
    public static IHostApplicationBuilder AddSelfServiceSignUp(this IHostApplicationBuilder builder)
    {
        builder.AddEmailDelivery();
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<RegistrationOptions>()
            .Configure(options => options.SelfService = development)
            .BindConfiguration(RegistrationOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();

        // Sign-up switched off: its pages have no route at all (404), not a page that says no.
        builder.Services.AddOptions<RazorPagesOptions>().Configure<IOptions<RegistrationOptions>>((pages, registration) =>
        {
            if (!registration.Value.SelfService)
            {
                pages.Conventions.AddFolderRouteModelConvention("/Account/SignUp", page => page.Selectors.Clear());
            }
        });

        builder.Services.AddTransient<VerificationLinkTokens>();
        builder.Services.Configure<IdentityOptions>(identity =>
        {
            identity.Tokens.ProviderMap[VerificationLinkTokens.ProviderName] = new TokenProviderDescriptor(typeof(VerificationLinkTokens));
            // Identity's own e-mail methods, should anything call them, use the same links and lifetime.
            identity.Tokens.EmailConfirmationTokenProvider = VerificationLinkTokens.ProviderName;
            identity.Tokens.ChangeEmailTokenProvider = VerificationLinkTokens.ProviderName;
        });

        builder.Services.AddSingleton<VerificationMailLimiter>();
        builder.Services.AddSingleton<VerificationRequests>();
        builder.Services.AddScoped<EmailVerification>();
        builder.Services.AddHostedService<VerificationMailer>();
        return builder;
    }
}
