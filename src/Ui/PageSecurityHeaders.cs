using Microsoft.AspNetCore.Builder;

namespace Aict.Ui;

public static class PageSecurityHeaders
{
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
