using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.SignIn.Passwords;

internal static class PasswordPolicyExtensions
{
    /// <summary>
    /// The password rules (the <c>Passwords</c> section) in place of Identity's composition rules, and PBKDF2 at
    /// OWASP's iteration count. Fewer iterations than that outside Development stop start-up with a message naming the key.
    /// </summary>
    public static IHostApplicationBuilder AddPasswordPolicy(this IHostApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<PasswordPolicyOptions>().BindConfiguration(PasswordPolicyOptions.Section)
            .ValidateDataAnnotations()
            .Validate(policy => development || policy.HashIterations >= PasswordPolicyOptions.RecommendedHashIterations,
                $"Passwords:HashIterations must be at least {PasswordPolicyOptions.RecommendedHashIterations} outside Development "
                + "(OWASP's PBKDF2-HMAC-SHA512 count); lower counts are for test servers only.")
            .ValidateOnStart();

        builder.Services.AddOptions<PasswordHasherOptions>().Configure<IOptions<PasswordPolicyOptions>>((hasher, policy) =>
        {
            hasher.CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3;
            hasher.IterationCount = policy.Value.HashIterations;
        });
        builder.Services.Replace(ServiceDescriptor.Scoped<IPasswordHasher<ApplicationUser>, NormalizingPasswordHasher>());

        // No composition rules (NIST SP 800-63B-4): Identity's own validator goes, PasswordRules takes its place.
        builder.Services.Configure<IdentityOptions>(identity =>
        {
            identity.Password.RequireDigit = false;
            identity.Password.RequireLowercase = false;
            identity.Password.RequireUppercase = false;
            identity.Password.RequireNonAlphanumeric = false;
            identity.Password.RequiredUniqueChars = 1;
        });
        builder.Services.RemoveAll<IPasswordValidator<ApplicationUser>>();
        builder.Services.AddScoped<IPasswordValidator<ApplicationUser>, PasswordRules>();
        builder.Services.AddSingleton<BlockedPasswords>();
        return builder;
    }
}
