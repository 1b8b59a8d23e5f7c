using Aict.IdentityServer.Administration.Notices;
using Aict.IdentityServer.Platform.Email;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Detection.Attacks;

internal static class AttackDetectionExtensions
{
    /// <summary>
    /// Brute force, credential stuffing and password spray rules on password sign-ins (<c>Detection:BruteForce</c>,
    /// <c>Detection:CredentialStuffing</c>, <c>Detection:PasswordSpray</c>), counted in Redis, blocks copied to every instance.
    /// </summary>
    public static IHostApplicationBuilder AddAttackDetection(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BruteForceOptions>().BindConfiguration(BruteForceOptions.Section).ValidateOnStart();
        builder.Services.AddOptions<CredentialStuffingOptions>().BindConfiguration(CredentialStuffingOptions.Section).ValidateOnStart();
        builder.Services.AddOptions<PasswordSprayOptions>().BindConfiguration(PasswordSprayOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<AttackOptionsValidation>();
        builder.Services.AddSingleton<IValidateOptions<BruteForceOptions>>(services => services.GetRequiredService<AttackOptionsValidation>());
        builder.Services.AddSingleton<IValidateOptions<CredentialStuffingOptions>>(services => services.GetRequiredService<AttackOptionsValidation>());
        builder.Services.AddSingleton<IValidateOptions<PasswordSprayOptions>>(services => services.GetRequiredService<AttackOptionsValidation>());
        builder.Services.AddSingleton<AttackBlocks>();
        builder.Services.AddSingleton<AttackCounters>();
        builder.AddEmailDelivery();
        // One notice per account per escalation window keeps the queue nearly empty.
        builder.Services.AddAccountNotices<BruteForceNotice, BruteForceMailer>("brute-force", capacity: 1_000);
        builder.Services.AddHostedService<AttackBlockSubscription>();
        builder.Services.AddScoped<AttackDetection>();
        return builder;
    }
}
