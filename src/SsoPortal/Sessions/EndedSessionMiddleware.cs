using Aict.SsoPortal.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace Aict.SsoPortal.Sessions;

/// <summary>
/// Ends the portal session whose tokens IdentityServer no longer accepts, and sends the user to sign in again;
/// a call that needs a stronger sign-in (step-up) keeps the session and signs in again at that level.
/// </summary>
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
            catch (StepUpRequiredException stepUp) when (!context.Response.HasStarted)
            {
                // The session stays; signing in again (max_age=0) at the level asked for brings tokens that pass.
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EndedSessionMiddleware));
                LogStepUp(logger, stepUp.AcrValues);
                context.Response.Clear();
                var properties = new OpenIdConnectChallengeProperties { MaxAge = TimeSpan.Zero, RedirectUri = ReturnTo(context) };
                properties.Items[PortalOidcEvents.AcrValuesItem] = stepUp.AcrValues;
                await context.ChallengeAsync(OpenIdConnectDefaults.AuthenticationScheme, properties);
            }
        });

    // Back to the same page after stepping up; a form post comes back to its page, not replayed.
    private static string ReturnTo(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method) ? context.Request.PathBase + context.Request.Path + context.Request.QueryString : context.Request.PathBase + context.Request.Path;

    [LoggerMessage(EventId = 2011, Level = LogLevel.Information, Message = "IdentityServer asks for a sign-in at {AcrValues}; signing in again.")]
    private static partial void LogStepUp(ILogger logger, string acrValues);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "IdentityServer no longer accepts this portal session's tokens; signing in again.")]
    private static partial void LogEnded(ILogger logger);
}
