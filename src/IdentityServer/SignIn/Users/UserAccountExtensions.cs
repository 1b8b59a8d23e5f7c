using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.Sessions;
using Aict.IdentityServer.SignIn.Mfa;
using Aict.Ui;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.SignIn.Users;

internal static class UserAccountExtensions
{
    /// <summary>ASP.NET Core Identity for users, lockout from the <c>Identity</c> section, and the SSO session cookie.</summary>
    public static IHostApplicationBuilder AddUserAccounts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddIdentity<ApplicationUser, IdentityRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                // "Confirmed" is the account's standing (AccountStanding): a disabled account cannot sign in.
                options.SignIn.RequireConfirmedAccount = true;
                options.Lockout.AllowedForNewUsers = true;
                // NIST SP 800-63B-4's ceiling: a backstop against guessing spread over many addresses; the attack rules stop one address sooner.
                options.Lockout.MaxFailedAccessAttempts = 100;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.ClaimsIdentity.UserIdClaimType = Claims.Subject;
                options.ClaimsIdentity.UserNameClaimType = Claims.Name;
                options.ClaimsIdentity.RoleClaimType = Claims.Role;
                options.ClaimsIdentity.EmailClaimType = Claims.Email;
            })
            .AddEntityFrameworkStores<ApplicationDbContext>()
            .AddDefaultTokenProviders();
        builder.Services.AddScoped<IUserConfirmation<ApplicationUser>, AccountStanding>();
        builder.Services.Configure<IdentityOptions>(builder.Configuration.GetSection("Identity"));

        var development = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<SsoSessionOptions>>((options, sessions) =>
        {
            PageCookies.Configure(options.Cookie, "aict.session", development);
            options.Cookie.HttpOnly = true;
            // Lax: the cookie must ride along on the top-level redirect from a client to /connect/authorize.
            options.Cookie.SameSite = SameSiteMode.Lax;
            // The session record decides idle expiry (activity may come from refresh grants, without the cookie),
            // so the ticket itself only carries the absolute end.
            options.ExpireTimeSpan = sessions.Value.AbsoluteLifetime;
            options.SlidingExpiration = false;
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/error";
            options.Events.OnValidatePrincipal = SessionCookie.ValidatePrincipalAsync;
        });

        // Between the password and the second factor: no session yet, ten minutes to finish (longer than an SMS code lives).
        builder.Services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme).Configure(options =>
        {
            PageCookies.Configure(options.Cookie, "aict.mfa", development);
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.ExpireTimeSpan = TimeSpan.FromMinutes(10);
            options.SlidingExpiration = false;
        });

        builder.Services.AddScoped<SessionSignIn>();
        builder.Services.AddScoped<SecondFactorSignIn>();
        builder.Services.AddScoped<SecondFactorLockout>();
        builder.Services.AddScoped<PasswordSignIn>();
        return builder;
    }
}
