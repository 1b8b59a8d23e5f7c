using Aict.SsoPortal.Authentication;
using Aict.SsoPortal.Logout;
using Aict.SsoPortal.Sessions;
using Aict.Ui;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Aict.SsoPortal.Extensions;

internal static class AuthenticationExtensions
{
    public const string CookieName = "aict.portal";

    /// <summary>
    /// Cookie + OpenID Connect: code flow with PKCE as the confidential client <c>sso-portal</c>; the tokens
    /// stay in the server-side ticket, the browser holds only an HttpOnly, SameSite=Lax cookie naming it.
    /// </summary>
    public static IHostApplicationBuilder AddPortalAuthentication(this IHostApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<OidcClientOptions>().BindConfiguration(OidcClientOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<PortalOptions>()
            .Validate(portal => portal.RequireHttpsMetadata || development,
                "Portal:RequireHttpsMetadata=false is a Development shortcut; outside Development IdentityServer must be reached over HTTPS.");

        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(options =>
            {
                PageCookies.Configure(options.Cookie, CookieName, development);
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.SlidingExpiration = true;
            })
            .AddOpenIdConnect(options =>
            {
                options.ResponseType = OpenIdConnectResponseType.Code;
                // A top-level GET back to the portal: the correlation and nonce cookies can then be SameSite=Lax.
                options.ResponseMode = OpenIdConnectResponseMode.Query;
                options.CorrelationCookie.SameSite = SameSiteMode.Lax;
                options.NonceCookie.SameSite = SameSiteMode.Lax;
                options.CorrelationCookie.SecurePolicy = options.NonceCookie.SecurePolicy =
                    development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
                options.UsePkce = true;
                options.MapInboundClaims = false;
                options.GetClaimsFromUserInfoEndpoint = true;
                options.SaveTokens = true;
                options.Scope.Clear();
                foreach (var scope in (string[])["openid", "profile", "email", "phone", "offline_access", "account"])
                {
                    options.Scope.Add(scope);
                }

                options.TokenValidationParameters.NameClaimType = "name";
                options.SignedOutRedirectUri = "/signed-out";
                options.Events = new PortalOidcEvents();
            });

        builder.Services.AddOptions<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme)
            .Configure<IOptions<OidcClientOptions>, IOptions<PortalOptions>>((oidc, client, portal) =>
            {
                oidc.Authority = client.Value.Authority?.AbsoluteUri;
                oidc.ClientId = client.Value.ClientId;
                oidc.ClientSecret = client.Value.ClientSecret;
                oidc.RequireHttpsMetadata = portal.Value.RequireHttpsMetadata;
            });
        builder.Services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<PortalOptions>>((cookie, portal) => cookie.ExpireTimeSpan = portal.Value.SessionLifetime);
        builder.Services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, TicketStoreCookieSetup>();
        builder.Services.AddSingleton<LogoutTokenValidator>();
        builder.Services.AddAuthorization();
        return builder;
    }
}
