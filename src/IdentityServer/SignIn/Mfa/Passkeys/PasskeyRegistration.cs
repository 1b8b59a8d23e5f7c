using System.Security.Cryptography;
using System.Text.Json;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.SignIn.Users;
using Fido2NetLib;
using Fido2NetLib.Objects;
using Microsoft.EntityFrameworkCore;

namespace Aict.IdentityServer.SignIn.Mfa.Passkeys;

/// <summary>
/// Registers a passkey: creation options for the user (discoverable, user-verified, none of their existing
/// credentials again), then the authenticator's attestation checked by Fido2 and stored.
/// </summary>
public sealed partial class PasskeyRegistration(
    IFido2 fido2,
    PasskeyCeremonies ceremonies,
    ApplicationDbContext db,
    MfaFactors factors,
    AuditTrail audit,
    TimeProvider time,
    ILogger<PasskeyRegistration> logger)
{
    private const int UserHandleBytes = 32;

    public async Task<PasskeyCeremonyStart> BeginAsync(ApplicationUser user, CancellationToken cancellationToken = default)
    {
        var existing = await db.Passkeys.AsNoTracking().Where(p => p.UserId == user.Id)
            .Select(p => new { p.CredentialId, p.UserHandle, p.Transports }).ToListAsync(cancellationToken);
        var name = user.Email ?? user.UserName ?? user.Id;
        var options = fido2.RequestNewCredential(new RequestNewCredentialParams
        {
            // One handle per account, so an authenticator keeps one passkey per user rather than piling them up.
            User = new Fido2User
            {
                Id = existing.FirstOrDefault()?.UserHandle ?? RandomNumberGenerator.GetBytes(UserHandleBytes),
                Name = name,
                DisplayName = user.DisplayName ?? name,
            },
            ExcludeCredentials = [.. existing.Select(p => PasskeyDescriptors.Of(p.CredentialId, p.Transports))],
            AuthenticatorSelection = new AuthenticatorSelection
            {
                ResidentKey = ResidentKeyRequirement.Required,
                // A verified user (PIN or biometrics) is what makes a passkey a second factor and a sign-in of its own.
                UserVerification = UserVerificationRequirement.Required,
            },
            AttestationPreference = AttestationConveyancePreference.None,
        });
        var json = options.ToJson();
        var ceremonyId = await ceremonies.StartAsync(PasskeyCeremonyKind.Registration, user.Id, json);
        return new PasskeyCeremonyStart(ceremonyId, JsonSerializer.Deserialize<JsonElement>(json));
    }

    public async Task<PasskeyRegistrationResult> CompleteAsync(
        ApplicationUser user, string? ceremonyId, AuthenticatorAttestationRawResponse response, string name, CancellationToken cancellationToken = default)
    {
        var ceremony = await ceremonies.TakeAsync(ceremonyId, PasskeyCeremonyKind.Registration);
        if (ceremony is null || ceremony.UserId != user.Id)
        {
            return PasskeyRegistrationResult.CeremonyNotFound;
        }

        RegisteredPublicKeyCredential credential;
        try
        {
            credential = await fido2.MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = response,
                OriginalOptions = CredentialCreateOptions.FromJson(ceremony.OptionsJson),
                IsCredentialIdUniqueToUserCallback = async (args, ct) => !await db.Passkeys.AnyAsync(p => p.CredentialId == args.CredentialId, ct),
            }, cancellationToken);
        }
        catch (Fido2VerificationException exception)
        {
            LogRefused(logger, user.Id, exception.Code.ToString());
            return PasskeyRegistrationResult.Refused;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Fido2 parses the browser's bytes (CBOR, keys, attestation) and fails on malformed ones with other exceptions too.
            LogRefused(logger, user.Id, exception.GetType().Name);
            return PasskeyRegistrationResult.Refused;
        }

        var passkey = new Passkey
        {
            Id = Guid.NewGuid(),
            UserId = user.Id,
            CredentialId = credential.Id,
            PublicKey = credential.PublicKey,
            SignCount = credential.SignCount,
            UserHandle = credential.User.Id,
            AaGuid = credential.AaGuid,
            Transports = credential.Transports is { Length: > 0 } transports ? PasskeyDescriptors.Format(transports) : null,
            Name = name,
            IsBackupEligible = credential.IsBackupEligible,
            IsBackedUp = credential.IsBackedUp,
            CreatedAt = time.GetUtcNow(),
        };
        db.Passkeys.Add(passkey);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same credential registered meanwhile (the unique index on its id): refuse, as Fido2's check would have.
            db.Passkeys.Entry(passkey).State = EntityState.Detached;
            return PasskeyRegistrationResult.Refused;
        }

        await factors.SyncTwoFactorAsync(user, cancellationToken);
        await audit.RecordAsync(AuditEventTypes.PasskeyRegistered, user.Id, cancellationToken: cancellationToken);
        LogRegistered(logger, user.Id, passkey.Id);
        return PasskeyRegistrationResult.Registered(passkey);
    }

    [LoggerMessage(EventId = 2960, Level = LogLevel.Information, Message = "User {UserId} registered passkey {PasskeyId}")]
    private static partial void LogRegistered(ILogger logger, string userId, Guid passkeyId);

    [LoggerMessage(EventId = 2961, Level = LogLevel.Warning, Message = "Passkey registration of user {UserId} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string userId, string reason);
}

/// <summary>The outcome of a registration: the stored passkey, or why there is none.</summary>
public sealed record PasskeyRegistrationResult(Passkey? Passkey, bool CeremonyExpired)
{
    public static readonly PasskeyRegistrationResult CeremonyNotFound = new(null, true);

    public static readonly PasskeyRegistrationResult Refused = new(null, false);

    public static PasskeyRegistrationResult Registered(Passkey passkey) => new(passkey, false);
}
