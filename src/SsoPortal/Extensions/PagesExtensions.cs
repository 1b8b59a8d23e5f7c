using Aict.Ui;
using Microsoft.AspNetCore.Localization;

namespace Aict.SsoPortal.Extensions;

internal static class PagesExtensions
{
    /// <summary>The portal's pages, every one behind sign-in but the signed-out page; English and Korean.</summary>
    public static IHostApplicationBuilder AddPortalPages(this IHostApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddLocalization(options => options.ResourcesPath = "Resources");
        builder.Services.AddRazorPages(options =>
            {
                options.Conventions.AuthorizeFolder("/");
                options.Conventions.AllowAnonymousToPage("/SignedOut");
                options.Conventions.AllowAnonymousToPage("/Error");
            })
            .RefuseUnknownPageHandlers()
            .AddCookieTempDataProvider(options => PageCookies.Configure(options.Cookie, "aict.portal.status", development))
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(options =>
                options.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
        // The language switch's ui_locales outranks the cookie it leaves behind and the browser's Accept-Language.
        builder.Services.AddPageLanguages(request => request.Query[LanguageLinks.Parameter]);

        // Not IdentityServer's name: both apps live on localhost, where cookies ignore the port.
        builder.Services.AddAntiforgery(options => PageCookies.Configure(options.Cookie, "aict.portal.antiforgery", development));
        builder.Services.AddStrictTransportSecurity();
        return builder;
    }

    /// <summary>Security headers on every response, and HTTPS outside Development.</summary>
    public static WebApplication UsePortalSecurity(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            // A generic page: what failed is logged, never shown.
            app.UseExceptionHandler("/error");
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        // No form-action: the sign-out form's redirect continues to IdentityServer's end-session endpoint.
        app.UseSecurityHeaders("default-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'");
        return app;
    }

    /// <summary>Picks the language, and remembers one chosen with the language switch in the culture cookie.</summary>
    public static WebApplication UsePortalLocalization(this WebApplication app)
    {
        app.UseRequestLocalization();
        app.Use(static (context, next) =>
        {
            if (context.Request.Query.ContainsKey(LanguageLinks.Parameter)
                && context.Features.Get<IRequestCultureFeature>() is { Provider: CustomRequestCultureProvider } chosen)
            {
                context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(chosen.RequestCulture),
                    new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, MaxAge = TimeSpan.FromDays(365),
                        Secure = context.Request.IsHttps });
            }

            return next(context);
        });
        return app;
    }
}
