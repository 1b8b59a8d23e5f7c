using System.Globalization;
using System.Security.Claims;
using Aict.IdentityServer.SignIn.Mfa;
using Aict.IdentityServer.SignIn.Mfa.RecoveryCodes;
using Aict.IdentityServer.SignIn.Mfa.Sms;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Aict.IdentityServer.Administration.Account;

/// <summary>The caller's phone for SMS codes: send a code to a new number, confirm it, resend, remove.</summary>
internal static class PhoneFactorEndpoints
{
    public static RouteGroupBuilder MapPhoneFactorEndpoints(this RouteGroupBuilder mfa)
    {
        mfa.MapPost("/phone", BeginAsync).RequireRecentSignIn();
        mfa.MapPost("/phone/resend", ResendAsync).RequireRecentSignIn();
        mfa.MapPost("/phone/confirm", ConfirmAsync).RequireRecentSignIn();
        mfa.MapDelete("/phone", RemoveAsync).RequireRecentSignIn();
        return mfa;
    }

    /// <summary>Sends a code to the number, in the language of the request.</summary>
    private static async Task<Results<Ok<PhoneCodeSentView>, ValidationProblem, ProblemHttpResult>> BeginAsync(
        PhoneNumberInput input, ClaimsPrincipal caller, UserManager<ApplicationUser> users, PhoneEnrolment phones,
        HttpContext http, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(AccountApi.UserId(caller)) is not { } user)
        {
            return MfaProblems.NoSuchAccount();
        }

        if (!E164PhoneNumber.TryNormalize(input.PhoneNumber, out var number))
        {
            return Answer(SmsSendResult.InvalidNumber, input.PhoneNumber, http);
        }

        return await phones.BeginAsync(user, number, CultureInfo.CurrentUICulture, cancellationToken) is { } sent
            ? Answer(sent, number, http)
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Phone already added",
                detail: "Remove the phone you have before adding another.");
    }

    private static async Task<Results<Ok<PhoneCodeSentView>, ValidationProblem, ProblemHttpResult>> ResendAsync(
        ClaimsPrincipal caller, UserManager<ApplicationUser> users, PhoneEnrolment phones, HttpContext http, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(AccountApi.UserId(caller)) is not { } user)
        {
            return MfaProblems.NoSuchAccount();
        }

        var pending = await phones.FindAsync(user.Id, cancellationToken);
        return pending is { VerifiedAt: null } && await phones.ResendAsync(user, CultureInfo.CurrentUICulture, cancellationToken) is { } sent
            ? Answer(sent, pending.PhoneNumber, http)
            : NothingPending();
    }

    private static async Task<Results<Ok<FactorEnrolledView>, ValidationProblem, ProblemHttpResult>> ConfirmAsync(
        OneTimeCodeInput input, ClaimsPrincipal caller, UserManager<ApplicationUser> users, PhoneEnrolment phones,
        RecoveryCodeSet recoveryCodes, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(AccountApi.UserId(caller)) is not { } user)
        {
            return MfaProblems.NoSuchAccount();
        }

        return await phones.ConfirmAsync(user, input.Code, cancellationToken) switch
        {
            SmsCodeVerification.Valid => TypedResults.Ok(new FactorEnrolledView(await MfaProblems.FirstRecoveryCodesAsync(user, recoveryCodes, cancellationToken))),
            SmsCodeVerification.Invalid => MfaProblems.WrongCode("The code is not correct. Enter the six digits of the latest text message."),
            SmsCodeVerification.Expired => MfaProblems.WrongCode("The code has expired. Send a new code."),
            SmsCodeVerification.TooManyAttempts => MfaProblems.WrongCode("Too many wrong codes. Send a new code."),
            _ => NothingPending(),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(
        ClaimsPrincipal caller, UserManager<ApplicationUser> users, PhoneEnrolment phones, MfaFactors factors,
        MfaRequirement requirement, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(AccountApi.UserId(caller)) is not { } user)
        {
            return MfaProblems.NoSuchAccount();
        }

        return await MfaProblems.RemoveFactorAsync(user, factors, requirement, now => now with { Sms = false },
            () => phones.RemoveAsync(user, cancellationToken),
            TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No phone", detail: "You have no phone to remove."),
            cancellationToken);
    }

    /// <summary>The outcome of sending a code to <paramref name="number"/> (E.164 whenever the send got that far).</summary>
    private static Results<Ok<PhoneCodeSentView>, ValidationProblem, ProblemHttpResult> Answer(SmsSendResult sent, string number, HttpContext http)
    {
        switch (sent.Status)
        {
            case SmsSendStatus.Sent:
                return TypedResults.Ok(new PhoneCodeSentView(MaskedPhoneNumber.Mask(number)));
            case SmsSendStatus.TooManySends:
                var seconds = (int)Math.Ceiling(sent.RetryAfter!.Value.TotalSeconds);
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many codes sent",
                    detail: $"Too many codes were sent to you or to this number. Try again in {Math.Max(1, (int)Math.Ceiling(seconds / 60.0))} minutes.");
            case SmsSendStatus.InvalidNumber:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    [nameof(PhoneNumberInput.PhoneNumber)] = ["Enter a mobile number in international form, e.g. +82 10-1234-5678."],
                });
            default:
                // Twilio failed; what went wrong is logged by the sender, nothing for the user to fix.
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Text message not sent",
                    detail: "The text message could not be sent. Try again later.");
        }
    }

    private static ProblemHttpResult NothingPending() =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No phone is being added",
            detail: "Enter your phone number to receive a new code.");
}
