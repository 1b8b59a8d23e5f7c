using Aict.IdentityServer.Tokens;
using Aict.IdentityServer.Data;
using Aict.IdentityServer.Users;
using Microsoft.AspNetCore.Identity;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.Extensions;

internal static class IdentityExtensions
{
    private static readonly string[] SessionClaimTypes =
        [SessionClaims.SessionId, SessionClaims.AuthTime, SessionClaims.Methods, SessionClaims.Level];

    /// <summary>ASP.NET Core Identity for users, lockout from the <c>Identity</c> section, and the SSO session cookie.</summary>
    public static IHostApplicationBuilder AddUserAccounts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddIdentity<ApplicationUser, IdentityRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.ClaimsIdentity.UserIdClaimType = Claims.Subject;
                options.ClaimsIdentity.UserNameClaimType = Claims.Name;
                options.ClaimsIdentity.RoleClaimType = Claims.Role;
                options.ClaimsIdentity.EmailClaimType = Claims.Email;
            })
            .AddEntityFrameworkStores<ApplicationDbContext>()
            .AddDefaultTokenProviders();
        builder.Services.Configure<IdentityOptions>(builder.Configuration.GetSection("Identity"));

        var idleTimeout = builder.Configuration.GetValue("Session:IdleTimeout", TimeSpan.FromHours(8));
        var development = builder.Environment.IsDevelopment();
        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "aict.session";
            options.Cookie.HttpOnly = true;
            // Lax: the cookie must ride along on the top-level redirect from a client to /connect/authorize.
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            options.ExpireTimeSpan = idleTimeout;
            options.SlidingExpiration = true;
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/error";
        });

        // Identity rebuilds the principal when it revalidates the security stamp; keep the session facts.
        builder.Services.Configure<SecurityStampValidatorOptions>(options => options.OnRefreshingPrincipal = context =>
        {
            var refreshed = context.NewPrincipal?.Identities.FirstOrDefault();
            if (refreshed is not null && context.CurrentPrincipal is not null)
            {
                foreach (var claim in context.CurrentPrincipal.Claims.Where(c => SessionClaimTypes.Contains(c.Type)))
                {
                    if (!refreshed.HasClaim(claim.Type, claim.Value))
                    {
                        refreshed.AddClaim(new(claim.Type, claim.Value, claim.ValueType));
                    }
                }
            }

            return Task.CompletedTask;
        });

        builder.Services.AddSingleton<UnknownAccountThrottle>();
        builder.Services.AddScoped<PasswordSignIn>();
        return builder;
    }
}
