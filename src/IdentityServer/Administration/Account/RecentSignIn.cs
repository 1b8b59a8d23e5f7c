using System.Security.Claims;
using Aict.IdentityServer.Protocol.Tokens;
using Aict.IdentityServer.SignIn.Mfa;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Administration.Account;

/// <summary>
/// Changes to how an account signs in need a recent sign-in: the access token's <c>auth_time</c> (kept
/// through refreshes) must be within <see cref="MfaOptions.RecentSignInWindow"/>. Otherwise a 403
/// problem of type <see cref="ProblemType"/> tells the portal to sign the user in again (max_age=0).
/// </summary>
public static class RecentSignIn
{
    public const string ProblemType = "urn:aict:problem:recent-sign-in-required";

    public static TBuilder RequireRecentSignIn<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var services = context.HttpContext.RequestServices;
            var window = services.GetRequiredService<IOptions<MfaOptions>>().Value.RecentSignInWindow;
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            return IsRecent(context.HttpContext.User, now, window)
                ? await next(context)
                : TypedResults.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    type: ProblemType,
                    title: "Sign in again",
                    detail: $"This change needs a sign-in within the last {window.TotalMinutes:0} minutes.");
        });

    public static bool IsRecent(ClaimsPrincipal caller, DateTimeOffset now, TimeSpan window) =>
        IsRecent(caller.GetAuthTime(), now, window);

    /// <summary>Whether a sign-in at <paramref name="authenticatedAt"/> (null: unknown) is within <paramref name="window"/> of <paramref name="now"/>.</summary>
    public static bool IsRecent(DateTimeOffset? authenticatedAt, DateTimeOffset now, TimeSpan window) =>
        authenticatedAt is { } authTime && now - authTime <= window;
}
