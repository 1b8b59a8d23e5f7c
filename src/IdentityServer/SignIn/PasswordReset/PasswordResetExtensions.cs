using Aict.IdentityServer.Pages.Account.ForgotPassword;
using Aict.IdentityServer.Platform.Email;
using Microsoft.AspNetCore.Identity;

namespace Aict.IdentityServer.SignIn.PasswordReset;

internal static class PasswordResetExtensions
{
    /// <summary>
    /// The forgotten-password flow: account e-mail, reset links that expire (the <c>PasswordReset</c> section),
    /// the per-address and per-e-mail rate limits, and the background mailer.
    /// </summary>
    public static IHostApplicationBuilder AddPasswordReset(this IHostApplicationBuilder builder)
    {
        builder.AddEmailDelivery();
        builder.Services.AddOptions<PasswordResetOptions>().BindConfiguration(PasswordResetOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        var linkLifetime = builder.Configuration.GetSection(PasswordResetOptions.Section).Get<PasswordResetOptions>()?.LinkLifetime
            ?? new PasswordResetOptions().LinkLifetime;
        builder.Services.Configure<DataProtectionTokenProviderOptions>(options => options.TokenLifespan = linkLifetime);

        builder.Services.AddSingleton<ResetRequestLimiter>();
        builder.Services.AddSingleton<ResetLinkRequests>();
        builder.Services.AddHostedService<ResetLinkMailer>();
        return builder;
    }
}
