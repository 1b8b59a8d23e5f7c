using System.Security.Claims;
using Aict.IdentityServer.SignIn.Mfa;
using Aict.IdentityServer.SignIn.Mfa.RecoveryCodes;
using Aict.IdentityServer.SignIn.Mfa.Sms;
using Aict.IdentityServer.SignIn.Mfa.Totp;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Aict.IdentityServer.Administration.Account;

/// <summary>The caller's second factors: the summary, the authenticator app and recovery codes (the phone is in <see cref="PhoneFactorEndpoints"/>).</summary>
internal static class MfaEndpoints
{
    public static RouteGroupBuilder MapMfaEndpoints(this RouteGroupBuilder account)
    {
        var mfa = account.MapGroup("/mfa");
        mfa.MapGet("/", GetSummaryAsync);
        // Every change to how the account signs in needs a recent sign-in; reading the summary does not.
        mfa.MapPost("/totp", BeginTotpAsync).RequireRecentSignIn();
        mfa.MapPost("/totp/confirm", ConfirmTotpAsync).RequireRecentSignIn();
        mfa.MapDelete("/totp", RemoveTotpAsync).RequireRecentSignIn();
        mfa.MapPost("/recovery-codes", RegenerateRecoveryCodesAsync).RequireRecentSignIn();
        mfa.MapPhoneFactorEndpoints();
        return account;
    }

    private static async Task<Results<Ok<MfaSummaryView>, ProblemHttpResult>> GetSummaryAsync(
        ClaimsPrincipal caller, MfaFactors factors, PhoneEnrolment phones, MfaRequirement requirement, CancellationToken cancellationToken)
    {
        var userId = AccountApi.UserId(caller);
        var summary = await factors.GetAsync(userId, cancellationToken);
        var phone = await phones.FindAsync(userId, cancellationToken);
        return TypedResults.Ok(new MfaSummaryView(
            summary.Totp,
            phone is { VerifiedAt: not null } ? MaskedPhoneNumber.Mask(phone.PhoneNumber) : null,
            phone is { VerifiedAt: null } ? MaskedPhoneNumber.Mask(phone.PhoneNumber) : null,
            summary.Passkeys,
            summary.RecoveryCodesLeft,
            await requirement.IsRequiredForUserAsync(userId, cancellationToken)));
    }

    private static async Task<Results<Ok<TotpEnrolmentStart>, ProblemHttpResult>> BeginTotpAsync(
        ClaimsPrincipal caller, UserManager<ApplicationUser> users, TotpEnrolment authenticators, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(AccountApi.UserId(caller)) is not { } user)
        {
            return MfaProblems.NoSuchAccount();
        }

        return await authenticators.BeginAsync(user, cancellationToken) is { } start
            ? TypedResults.Ok(start)
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Authenticator app already added",
                detail: "Remove the authenticator app you have before adding another.");
    }

    private static async Task<Results<Ok<FactorEnrolledView>, ValidationProblem, ProblemHttpResult>> ConfirmTotpAsync(
        OneTimeCodeInput input, ClaimsPrincipal caller, UserManager<ApplicationUser> users, TotpEnrolment authenticators,
        RecoveryCodeSet recoveryCodes, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(AccountApi.UserId(caller)) is not { } user)
        {
            return MfaProblems.NoSuchAccount();
        }

        return await authenticators.ConfirmAsync(user, input.Code, cancellationToken) switch
        {
            TotpCheckResult.Valid => TypedResults.Ok(new FactorEnrolledView(await MfaProblems.FirstRecoveryCodesAsync(user, recoveryCodes, cancellationToken))),
            TotpCheckResult.TooManyAttempts => TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many codes tried",
                detail: $"Wait {TotpAttemptLimit.Window.TotalMinutes:0} minutes, then enter the code your app shows."),
            TotpCheckResult.NotEnrolled => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No authenticator app is being added",
                detail: "Start adding the authenticator app again."),
            _ => MfaProblems.WrongCode("The code is not correct. Enter the code your app shows now."),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveTotpAsync(
        ClaimsPrincipal caller, UserManager<ApplicationUser> users, TotpEnrolment authenticators, MfaFactors factors,
        MfaRequirement requirement, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(AccountApi.UserId(caller)) is not { } user)
        {
            return MfaProblems.NoSuchAccount();
        }

        return await MfaProblems.RemoveFactorAsync(user, factors, requirement, now => now with { Totp = false },
            () => authenticators.RemoveAsync(user, cancellationToken),
            TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No authenticator app", detail: "You have no authenticator app to remove."),
            cancellationToken);
    }

    private static async Task<Results<Ok<RecoveryCodesView>, ProblemHttpResult>> RegenerateRecoveryCodesAsync(
        ClaimsPrincipal caller, UserManager<ApplicationUser> users, MfaFactors factors, RecoveryCodeSet recoveryCodes, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(AccountApi.UserId(caller)) is not { } user)
        {
            return MfaProblems.NoSuchAccount();
        }

        if (!(await factors.GetAsync(user.Id, cancellationToken)).HasSecondFactor)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No two-step sign-in",
                detail: "Recovery codes stand in for a second factor: add an authenticator app, a phone or a passkey first.");
        }

        return TypedResults.Ok(new RecoveryCodesView(await recoveryCodes.GenerateAsync(user, cancellationToken)));
    }
}

/// <summary>What the factor endpoints share: their refusals and the first set of recovery codes.</summary>
internal static class MfaProblems
{
    public static ProblemHttpResult NoSuchAccount() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such account");

    /// <summary>An app the user signs in to demands a second factor: the last one cannot go.</summary>
    public static ProblemHttpResult LastFactorRequired() =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Two-step sign-in is required",
            detail: "An app you use requires two-step sign-in: add another way to sign in before removing this one.");

    /// <summary>
    /// Removes one factor (<paramref name="remove"/>) unless it is the account's last one and an app the user
    /// uses requires MFA (409); <paramref name="nothingToRemove"/> when there was none.
    /// </summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveFactorAsync(
        ApplicationUser user, MfaFactors factors, MfaRequirement requirement, Func<MfaFactorSummary, MfaFactorSummary> without,
        Func<Task<bool>> remove, ProblemHttpResult nothingToRemove, CancellationToken cancellationToken)
    {
        var remaining = without(await factors.GetAsync(user.Id, cancellationToken));
        if (!await requirement.AllowsRemovalAsync(user.Id, remaining, cancellationToken))
        {
            return LastFactorRequired();
        }

        return await remove() ? TypedResults.NoContent() : nothingToRemove;
    }

    public static ValidationProblem WrongCode(string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [nameof(OneTimeCodeInput.Code)] = [message] });

    /// <summary>The account's first factor comes with recovery codes: a lost phone must not lock the user out.</summary>
    public static async Task<IReadOnlyList<string>?> FirstRecoveryCodesAsync(
        ApplicationUser user, RecoveryCodeSet recoveryCodes, CancellationToken cancellationToken) =>
        await recoveryCodes.CountRemainingAsync(user, cancellationToken) == 0
            ? await recoveryCodes.GenerateAsync(user, cancellationToken)
            : null;
}
