using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Platform.Throttling;
using Aict.IdentityServer.Protocol;
using Aict.IdentityServer.Protocol.Tokens;
using Aict.IdentityServer.SignIn.SignUp;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.Administration.Account;

/// <summary>
/// Moving the account to a new e-mail address: nothing changes until the new address's holder opens the link sent
/// to it (<see cref="VerificationMailer"/>), signed in as this account. The answer is the same 202 whether or not
/// another account has the address, so this is no way to find out which addresses have accounts; the holder of such
/// an address hears of the attempt instead. The current address is told of the request.
/// </summary>
internal static class EmailEndpoints
{
    public static RouteGroupBuilder MapEmailEndpoints(this RouteGroupBuilder account)
    {
        account.MapPost("/email", RequestChangeAsync).RequireRecentSignIn();
        return account;
    }

    private static async Task<Results<Accepted<EmailChangeSent>, ValidationProblem, ProblemHttpResult>> RequestChangeAsync(
        EmailChange change, ClaimsPrincipal caller, HttpContext context, UserManager<ApplicationUser> users, EmailVerification verification,
        VerificationMailLimiter limiter, VerificationRequests requests, AuditTrail audit, IOptions<ServerOptions> server, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(AccountApi.UserId(caller)) is not { } user)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such account");
        }

        var email = change.Email.Trim();
        var normalized = users.NormalizeEmail(email);
        if (normalized == user.NormalizedEmail)
        {
            return Invalid("This is already your e-mail address.");
        }

        if (!verification.IsUsable(email))
        {
            return Invalid("This address has characters that cannot be used for signing in.");
        }

        if (await limiter.TryTakeAsync(context.Connection.RemoteIpAddress?.ToString(), normalized) is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = FailureThrottle.RetryAfterSeconds(retryAfter).ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                detail: "Too many e-mail changes were asked for. Wait a while and try again.");
        }

        requests.Enqueue(new EmailChangeRequest(user.Id, email, CultureInfo.CurrentUICulture, server.Value.Issuer!));
        await audit.RecordAsync(AuditEventTypes.EmailChangeRequested, user.Id, caller.GetClaim(SessionClaims.SessionId),
            caller.GetClaim(Claims.ClientId), cancellationToken: cancellationToken);
        return TypedResults.Accepted((string?)null, new EmailChangeSent(email, $"Verification sent to {email}."));
    }

    private static ValidationProblem Invalid(string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [nameof(EmailChange.Email)] = [message] });
}

/// <summary>The address to move the account to.</summary>
public sealed record EmailChange(
    [Required(ErrorMessage = "Enter the new e-mail address.")]
    [EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
    [MaxLength(256, ErrorMessage = "Use at most 256 characters.")]
    string Email);

/// <summary>Where the verification link went; the address changes only once it is opened.</summary>
public sealed record EmailChangeSent(string PendingEmail, string Detail);
