using System.Security.Claims;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Administration.Notices;
using Aict.IdentityServer.Detection.Abuse;
using Aict.IdentityServer.Protocol.Tokens;
using Aict.IdentityServer.SignIn.Users;
using Aict.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.SignIn.Mfa;

/// <summary>
/// A sign-in that still owes a second factor: after the password (a short-lived cookie of its own,
/// no session yet), or a running session that must step up to MFA. Completing it signs the user in
/// with both factors; failures count towards the account's lockout, like wrong passwords, and lock it sooner
/// (<see cref="SecondFactorLockout"/>). The
/// half-finished sign-in carries the account's security stamp: a password reset or any other stamp
/// change in between cancels it.
/// </summary>
public sealed partial class SecondFactorSignIn(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIns,
    SessionSignIn sessionSignIn,
    AccountChangeNotices notices,
    AuditTrail audit,
    AictMetrics metrics,
    IHttpContextAccessor http,
    MfaFatigueRule fatigue,
    SecondFactorLockout lockout,
    ILogger<SecondFactorSignIn> logger)
{
    private HttpContext Context => http.HttpContext ?? throw new InvalidOperationException("A sign-in needs the request.");

    /// <summary>The password was right: remember the user (for the two-factor cookie's ten minutes) until the second factor.</summary>
    public async Task BeginAsync(ApplicationUser user, IReadOnlyCollection<string> methods)
    {
        var identity = new ClaimsIdentity(IdentityConstants.TwoFactorUserIdScheme);
        identity.AddClaim(new Claim(Claims.Subject, user.Id));
        identity.AddClaim(new Claim(users.Options.ClaimsIdentity.SecurityStampClaimType, StampOf(user)));
        identity.AddClaims(methods.Select(method => new Claim(SessionClaims.Methods, method)));
        await Context.SignInAsync(IdentityConstants.TwoFactorUserIdScheme, new ClaimsPrincipal(identity));
        await fatigue.SecondFactorBegunAsync(user.Id);
    }

    /// <summary>Who owes a second factor in this browser: a half-finished sign-in first, else the signed-in user (step-up); null if nobody.</summary>
    public async Task<PendingSignIn?> GetPendingAsync()
    {
        var pending = await Context.AuthenticateAsync(IdentityConstants.TwoFactorUserIdScheme);
        var stepUp = pending.Succeeded ? null : await Context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var principal = pending.Succeeded ? pending.Principal : stepUp?.Principal;
        if (principal?.FindFirstValue(Claims.Subject) is not { } userId || await users.FindByIdAsync(userId) is not { } user)
        {
            return null;
        }

        if (pending.Succeeded && principal.FindFirstValue(users.Options.ClaimsIdentity.SecurityStampClaimType) != StampOf(user))
        {
            // The password that began this sign-in was reset (or the account otherwise changed) since: start again.
            LogStale(logger, user.Id);
            await Context.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
            return null;
        }

        // The password behind a half-finished sign-in was typed when its cookie was issued; a session's, at its auth_time.
        var authenticatedAt = pending.Succeeded ? pending.Properties?.IssuedUtc : principal.GetAuthTime();
        return new PendingSignIn(user, [.. principal.FindAll(SessionClaims.Methods).Select(c => c.Value)], IsStepUp: !pending.Succeeded, authenticatedAt);
    }

    /// <summary>
    /// The second factor was right: the sign-in completes (a new session, or the running one upgraded). <paramref name="factor"/>
    /// names the challenged factor for <c>aict_mfa_challenges_total</c> (<see cref="MfaChallengeFactors"/>); null for one just enrolled.
    /// </summary>
    public async Task CompleteAsync(PendingSignIn pending, string method, string? factor = null)
    {
        if (factor is not null)
        {
            metrics.MfaChallenge(factor, MfaChallengeResults.Success);
        }

        await users.ResetAccessFailedCountAsync(pending.User);
        await lockout.ResetAsync(pending.User.Id);
        await fatigue.SecondFactorCompletedAsync(pending.User.Id);
        await Context.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        await sessionSignIn.SignInAsync(pending.User, [.. pending.Methods, method]);
    }

    /// <summary>A wrong second factor (<see cref="MfaChallengeFactors"/>). True when it locked the account: the half-finished sign-in is then forgotten.</summary>
    public async Task<bool> RecordFailureAsync(PendingSignIn pending, string factor)
    {
        await users.AccessFailedAsync(pending.User);
        await lockout.RecordFailureAsync(pending.User);
        await audit.RecordAsync(AuditEventTypes.SecondFactorFailed, pending.User.Id, cancellationToken: Context.RequestAborted);
        LogFailed(logger, pending.User.Id);
        if (!await users.IsLockedOutAsync(pending.User))
        {
            metrics.MfaChallenge(factor, MfaChallengeResults.Failure);
            return false;
        }

        metrics.MfaChallenge(factor, MfaChallengeResults.Locked);

        notices.NoteLockout(pending.User.Id);
        await audit.RecordAsync(AuditEventTypes.LockedOut, pending.User.Id, cancellationToken: Context.RequestAborted);
        await Context.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        return true;
    }

    /// <summary>Whether the account is locked out now (by failures or by an administrator), or may not sign in at all (disabled).</summary>
    public async Task<bool> IsLockedOutAsync(PendingSignIn pending) =>
        await users.IsLockedOutAsync(pending.User) || !await signIns.CanSignInAsync(pending.User);

    private static string StampOf(ApplicationUser user) => user.SecurityStamp ?? string.Empty;

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "Wrong second factor for user {UserId}")]
    private static partial void LogFailed(ILogger logger, string userId);

    [LoggerMessage(EventId = 2015, Level = LogLevel.Information, Message = "Half-finished sign-in of user {UserId} cancelled: the account changed since the password step")]
    private static partial void LogStale(ILogger logger, string userId);
}

/// <summary>
/// A user who owes a second factor, the methods already used (<c>pwd</c>, or the running session's), and
/// when they were used (null when unknown).
/// </summary>
public sealed record PendingSignIn(ApplicationUser User, IReadOnlyList<string> Methods, bool IsStepUp, DateTimeOffset? AuthenticatedAt);
