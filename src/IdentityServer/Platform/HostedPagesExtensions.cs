using System.Security.Cryptography;
using Aict.IdentityServer.Administration.Account;
using Aict.IdentityServer.Protocol.Endpoints;
using Aict.Ui;
using Microsoft.AspNetCore.WebUtilities;

namespace Aict.IdentityServer.Platform;

internal static class HostedPagesExtensions
{
    // OpenIddict's response_mode=form_post page submits itself with this one inline script; nothing else inline may run.
    private static readonly string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'sha256-" + Convert.ToBase64String(SHA256.HashData("document.form.submit();"u8))
        + "'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'";

    /// <summary>The sign-in, consent, logout and error pages, in English and Korean.</summary>
    public static IHostApplicationBuilder AddHostedPages(this IHostApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddLocalization(options => options.ResourcesPath = "Resources");
        builder.Services.AddRazorPages()
            .RefuseUnknownPageHandlers()
            .AddCookieTempDataProvider(options => PageCookies.Configure(options.Cookie, "aict.tempdata", development))
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(options =>
                options.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
        builder.Services.AddPageLanguages(UiLocales);

        builder.Services.AddAntiforgery(options => PageCookies.Configure(options.Cookie, "aict.antiforgery", development));
        builder.Services.AddStrictTransportSecurity();
        return builder;
    }

    /// <summary>
    /// Languages, status-code pages and static files for people's pages and the APIs, not on the protocol
    /// endpoints machines call (<see cref="ConnectApi.IsMachineEndpoint"/>): the token endpoint is the hot path.
    /// </summary>
    public static WebApplication UsePageServices(this WebApplication app)
    {
        app.UseWhen(context => !ConnectApi.IsMachineEndpoint(context.Request.Path), pages =>
        {
            // Localization first: the re-executed error page has no query string left to read ui_locales from.
            pages.UseRequestLocalization();
            pages.UseStatusCodeResponses();
            pages.UseStaticFiles();
        });
        return app;
    }

    /// <summary>Security headers on every response, and HTTPS outside Development.</summary>
    public static WebApplication UseHostedPageSecurity(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        // No form-action: after a form post the browser follows redirects to client apps of any scheme.
        app.UseSecurityHeaders(ContentSecurityPolicy);
        return app;
    }

    // ui_locales arrives on /connect/authorize and is carried to the sign-in page inside ReturnUrl.
    private static string? UiLocales(HttpRequest request)
    {
        string? value = request.Query["ui_locales"];
        if (string.IsNullOrEmpty(value) && request.Query["ReturnUrl"].ToString() is { Length: > 0 } returnUrl
            && returnUrl.IndexOf('?', StringComparison.Ordinal) is var index and >= 0)
        {
            value = QueryHelpers.ParseQuery(returnUrl[index..]).GetValueOrDefault("ui_locales");
        }

        return value;
    }
}
