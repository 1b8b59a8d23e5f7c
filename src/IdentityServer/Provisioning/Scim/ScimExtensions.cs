using Aict.IdentityServer.Protocol.Clients;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;

namespace Aict.IdentityServer.Provisioning.Scim;

internal static class ScimExtensions
{
    /// <summary>
    /// SCIM provisioning: this server's own access tokens for the <c>scim</c> audience, with the <c>scim</c> scope. An
    /// <c>account</c> token cannot provision, and a <c>scim</c> token reaches neither the account nor the admin API.
    /// </summary>
    public static IHostApplicationBuilder AddScimProvisioning(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ScimOptions>()
            .BindConfiguration(ScimOptions.Section)
            .Validate(options => options.DefaultPageSize >= 1 && options.MaxPageSize >= options.DefaultPageSize,
                "Scim:DefaultPageSize must be at least 1 and at most Scim:MaxPageSize.")
            .Validate(options => options.MaxRequestBytes >= 1024, "Scim:MaxRequestBytes must be at least 1024.")
            .ValidateOnStart();

        // Validation itself (this server's keys, revocation checks) is set up with the account API; this adds the audience.
        builder.Services.AddOpenIddict().AddValidation(options => options.AddAudiences(ScopeCatalog.ScimResource));
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ScimApi.Policy, policy => policy
                .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireAssertion(context => context.User.HasScope(ScopeCatalog.Scim) && context.User.HasAudience(ScopeCatalog.ScimResource)));

        builder.Services.AddSingleton<ScimBase>();
        builder.Services.AddScoped<UserProvisioning>();
        builder.Services.AddScoped<GroupProvisioning>();
        return builder;
    }
}
