using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using Aict.IdentityServer.SignIn.Mfa;
using Aict.IdentityServer.SignIn.Mfa.Passkeys;
using Aict.IdentityServer.SignIn.Users;
using Fido2NetLib;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Aict.IdentityServer.Administration.Account;

/// <summary>The user's passkeys: list them, register one (options, then the browser's credential), rename and remove.</summary>
internal static class PasskeyEndpoints
{
    public static RouteGroupBuilder MapPasskeyEndpoints(this RouteGroupBuilder account)
    {
        var passkeys = account.MapGroup("/passkeys");
        passkeys.MapGet("/", ListAsync);
        passkeys.MapPost("/options", StartRegistrationAsync).RequireRecentSignIn();
        passkeys.MapPost("/", RegisterAsync).RequireRecentSignIn();
        passkeys.MapPatch("/{id:guid}", RenameAsync);
        passkeys.MapDelete("/{id:guid}", RemoveAsync).RequireRecentSignIn();
        return account;
    }

    private static async Task<Ok<List<PasskeyView>>> ListAsync(ClaimsPrincipal caller, UserPasskeys passkeys, CancellationToken cancellationToken) =>
        TypedResults.Ok((await passkeys.ListAsync(AccountApi.UserId(caller), cancellationToken)).Select(PasskeyView.Of).ToList());

    /// <summary>Creation options for the browser's <c>navigator.credentials.create</c>, and the ceremony id to send back with its answer.</summary>
    private static async Task<Results<Ok<PasskeyCeremonyStart>, ProblemHttpResult>> StartRegistrationAsync(
        ClaimsPrincipal caller, UserManager<ApplicationUser> users, PasskeyRegistration registration, CancellationToken cancellationToken) =>
        await users.FindByIdAsync(AccountApi.UserId(caller)) is { } user
            ? TypedResults.Ok(await registration.BeginAsync(user, cancellationToken))
            : MfaProblems.NoSuchAccount();

    private static async Task<Results<Created<PasskeyView>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        PasskeyRegistrationRequest request, ClaimsPrincipal caller, UserManager<ApplicationUser> users, PasskeyRegistration registration,
        CancellationToken cancellationToken)
    {
        if (UserPasskeys.CleanName(request.Name) is not { } name)
        {
            return InvalidName();
        }

        if (await users.FindByIdAsync(AccountApi.UserId(caller)) is not { } user)
        {
            return MfaProblems.NoSuchAccount();
        }

        if (PasskeyJson.Read<AuthenticatorAttestationRawResponse>(request.Credential) is not { } credential)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [nameof(PasskeyRegistrationRequest.Credential)] = ["Send the browser's credential.toJSON()."],
            });
        }

        var result = await registration.CompleteAsync(user, request.CeremonyId, credential, name, cancellationToken);
        return result switch
        {
            { Passkey: { } passkey } => TypedResults.Created($"/api/account/passkeys/{passkey.Id}", PasskeyView.Of(passkey)),
            { CeremonyExpired: true } => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Passkey registration expired",
                detail: "This registration was already used or took too long. Start again."),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Passkey refused",
                detail: "The passkey could not be verified, or it is already registered."),
        };
    }

    private static async Task<Results<Ok<PasskeyView>, ValidationProblem, ProblemHttpResult>> RenameAsync(
        Guid id, PasskeyRename rename, ClaimsPrincipal caller, UserPasskeys passkeys, CancellationToken cancellationToken)
    {
        if (UserPasskeys.CleanName(rename.Name) is not { } name)
        {
            return InvalidName();
        }

        return await passkeys.RenameAsync(AccountApi.UserId(caller), id, name, cancellationToken) is { } passkey
            ? TypedResults.Ok(PasskeyView.Of(passkey))
            : NoSuchPasskey();
    }

    /// <summary>Removes a passkey, unless it is the account's last factor and one of its apps requires MFA (409).</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(
        Guid id, ClaimsPrincipal caller, UserManager<ApplicationUser> users, UserPasskeys passkeys, MfaFactors factors,
        MfaRequirement requirement, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(AccountApi.UserId(caller)) is not { } user)
        {
            return MfaProblems.NoSuchAccount();
        }

        if (await passkeys.FindAsync(user.Id, id, cancellationToken) is null)
        {
            return NoSuchPasskey();
        }

        return await MfaProblems.RemoveFactorAsync(user, factors, requirement, now => now with { Passkeys = now.Passkeys - 1 },
            () => passkeys.RemoveAsync(user, id, cancellationToken), NoSuchPasskey(), cancellationToken);
    }

    private static ValidationProblem InvalidName() => TypedResults.ValidationProblem(new Dictionary<string, string[]>
    {
        [nameof(PasskeyRename.Name)] = [$"Give the passkey a name of at most {UserPasskeys.MaxNameLength} characters."],
    });

    private static ProblemHttpResult NoSuchPasskey() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such passkey", detail: "You have no passkey with this id.");
}

/// <summary>A passkey as the portal lists it; synced means the provider backs it up (an iCloud or Google passkey).</summary>
public sealed record PasskeyView(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, bool Synced)
{
    public static PasskeyView Of(Passkey passkey) => new(passkey.Id, passkey.Name, passkey.CreatedAt, passkey.LastUsedAt, passkey.IsBackupEligible);
}

/// <summary>The browser's answer to the creation options: its <c>credential.toJSON()</c>, with the ceremony id and a name.</summary>
public sealed record PasskeyRegistrationRequest([Required] string CeremonyId, JsonElement Credential, string? Name);

public sealed record PasskeyRename(string? Name);
