using Aict.IdentityServer.Administration.Admin;
using Aict.IdentityServer.Administration.Users;
using Aict.IdentityServer.Protocol.Clients;
using Aict.IdentityServer.Protocol.Revocation;
using Aict.IdentityServer.Provisioning.Scim;
using Microsoft.AspNetCore.Authorization;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;

namespace Aict.IdentityServer.Administration.Account;

internal static class AccountApiExtensions
{
    /// <summary>The account and admin APIs: this server's own access tokens with the <c>account</c> scope.</summary>
    public static IHostApplicationBuilder AddAccountApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenIddict()
            // Validation: the tokens this server issued, checked with its own keys, no network hop.
            .AddValidation(options =>
            {
                options.UseLocalServer();
                options.AddAudiences(ScopeCatalog.AccountApi);
                // Ended sessions and revoked tokens are refused at once: the stored entries are the truth here.
                options.EnableAuthorizationEntryValidation();
                options.EnableTokenEntryValidation();
                // Access tokens have no row: what revoked them is on the revocation list.
                options.AddEventHandler(SelfContainedTokenCheck.ValidationDescriptor);
                options.UseAspNetCore();
            });

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AccountApi.Policy, policy => policy
                .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireAssertion(context => context.User.HasScope(ScopeCatalog.Account)))
            .AddPolicy(AdminApi.Policy, policy => policy
                .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireAssertion(context => context.User.HasScope(ScopeCatalog.Account))
                .AddRequirements(new CurrentAdministrator.Requirement(), new AdministratorSignIn.Requirement()));
        builder.Services.AddScoped<IAuthorizationHandler, CurrentAdministrator>();
        builder.Services.AddScoped<AdminChanges>();
        builder.Services.AddSingleton<IAuthorizationHandler, AdministratorSignIn>();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, AdministratorStepUpResultHandler>();
        builder.Services.AddScoped<ConsentRevocation>();
        builder.Services.AddScoped<UserLifecycle>();
        builder.Services.AddScoped<ClientRetirement>();
        builder.Services.AddProblemDetails();
        builder.Services.AddValidation();
        return builder;
    }

    /// <summary>
    /// Bodiless error responses become the error page for people and ProblemDetails for the APIs
    /// (a 401 or 403 keeps its <c>WWW-Authenticate</c> challenge), and SCIM errors under <c>/scim</c>.
    /// </summary>
    public static IApplicationBuilder UseStatusCodeResponses(this IApplicationBuilder app)
    {
        app.UseWhen(IsApi, api => api.UseStatusCodePages());
        app.UseWhen(ScimApi.IsScim, scim => scim.UseStatusCodePages(ScimErrors.WriteStatusAsync));
        app.UseWhen(context => !IsApi(context) && !ScimApi.IsScim(context), pages => pages.UseStatusCodePagesWithReExecute("/error"));
        return app;
    }

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");
}
