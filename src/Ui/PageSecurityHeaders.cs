using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.Ui;

public static class PageSecurityHeaders
{
    /// <summary>
    /// HSTS as <c>UseHsts</c> sends it outside Development: a year, subdomains included, so that no host under the
    /// domain is ever reached over plain http once a browser has seen one page.
    /// </summary>
    public static IServiceCollection AddStrictTransportSecurity(this IServiceCollection services) =>
        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = true;
        });

    /// <summary>
    /// The page apps' security headers on every response: no sniffing, no framing, no referrer, and the app's
    /// content security policy. No form-action directive: a form post's redirects lead on to other apps.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, string contentSecurityPolicy) =>
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = contentSecurityPolicy;
            return next(context);
        });
}
