using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace Aict.SsoPortal.Sessions;

/// <summary>Ends the portal session whose tokens IdentityServer no longer accepts, and sends the user to sign in again.</summary>
internal static partial class EndedSessionMiddleware
{
    public static IApplicationBuilder UseEndedSessionRedirect(this IApplicationBuilder app) =>
        app.Use(static async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (PortalSessionEndedException) when (!context.Response.HasStarted)
            {
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EndedSessionMiddleware));
                LogEnded(logger);
                context.Response.Clear();
                await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                // Back to the same page after signing in, unless it was a form post that cannot be replayed.
                var returnTo = HttpMethods.IsGet(context.Request.Method) ? context.Request.PathBase + context.Request.Path + context.Request.QueryString : "/";
                await context.ChallengeAsync(OpenIdConnectDefaults.AuthenticationScheme, new AuthenticationProperties { RedirectUri = returnTo });
            }
        });

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "IdentityServer no longer accepts this portal session's tokens; signing in again.")]
    private static partial void LogEnded(ILogger logger);
}
