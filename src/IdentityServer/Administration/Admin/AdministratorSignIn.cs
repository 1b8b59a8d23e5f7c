using Aict.IdentityServer.Administration.Account;
using Aict.IdentityServer.Protocol.Tokens;
using Aict.IdentityServer.SignIn.Mfa;
using Aict.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Administration.Admin;

/// <summary>
/// Administration needs a sign-in with a second factor (<c>acr</c> <c>urn:aict:loa:2</c>) within
/// <see cref="MfaOptions.RecentSignInWindow"/>: a stolen password, or a session left open, is not enough.
/// </summary>
internal sealed class AdministratorSignIn(IOptions<MfaOptions> options, TimeProvider time)
    : AuthorizationHandler<AdministratorSignIn.Requirement>
{
    public sealed class Requirement : IAuthorizationRequirement;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, Requirement requirement)
    {
        if (context.User.IsMultiFactor() && RecentSignIn.IsRecent(context.User, time.GetUtcNow(), options.Value.RecentSignInWindow))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// An administrator whose only shortfall is the sign-in gets RFC 9470's 401 step-up challenge, not a
/// 403: signing in again with MFA (and <c>max_age</c> when the sign-in is old) lets them in. Anyone else
/// refused keeps the default answer.
/// </summary>
internal sealed class AdministratorStepUpResultHandler(IProblemDetailsService problems, IOptions<MfaOptions> options, TimeProvider time)
    : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var failed = authorizeResult.AuthorizationFailure?.FailedRequirements.ToList();
        if (!authorizeResult.Forbidden || failed is null || failed.Count == 0 || !failed.All(r => r is AdministratorSignIn.Requirement))
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var window = options.Value.RecentSignInWindow;
        var multiFactor = context.User.IsMultiFactor();
        var recent = RecentSignIn.IsRecent(context.User, time.GetUtcNow(), window);
        var description = $"Administration needs a sign-in with multi-factor authentication within the last {window.TotalMinutes:0} minutes.";
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = StepUpChallenge.Header(description, StepUpChallenge.MultiFactorLevel, recent ? null : window);
        var details = new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Insufficient user authentication",
                Detail = multiFactor ? "Sign in again: the sign-in is too old for administration." : description,
                Extensions = { ["error"] = StepUpChallenge.Error, ["acr_values"] = StepUpChallenge.MultiFactorLevel },
            },
        };
        if (!recent)
        {
            details.ProblemDetails.Extensions["max_age"] = (long)window.TotalSeconds;
        }

        await problems.WriteAsync(details);
    }
}
