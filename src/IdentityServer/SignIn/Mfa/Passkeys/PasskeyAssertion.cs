using System.Security.Cryptography;
using System.Text.Json;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Platform.Data;
using Fido2NetLib;
using Fido2NetLib.Objects;
using Microsoft.EntityFrameworkCore;

namespace Aict.IdentityServer.SignIn.Mfa.Passkeys;

/// <summary>
/// Signs in with a passkey: request options for a known user (their credentials only) or for anyone (a
/// discoverable credential, passwordless), then the assertion checked by Fido2 against the stored key.
/// </summary>
public sealed partial class PasskeyAssertion(
    IFido2 fido2,
    PasskeyCeremonies ceremonies,
    ApplicationDbContext db,
    AuditTrail audit,
    TimeProvider time,
    ILogger<PasskeyAssertion> logger)
{
    /// <summary>Options for <paramref name="userId"/>'s passkeys, or for any discoverable one when null; null when the user has none.</summary>
    public async Task<PasskeyCeremonyStart?> BeginAsync(string? userId, CancellationToken cancellationToken = default)
    {
        List<PublicKeyCredentialDescriptor> allowed = [];
        if (userId is not null)
        {
            var credentials = await db.Passkeys.AsNoTracking().Where(p => p.UserId == userId)
                .Select(p => new { p.CredentialId, p.Transports }).ToListAsync(cancellationToken);
            if (credentials.Count == 0)
            {
                return null;
            }

            allowed.AddRange(credentials.Select(p => PasskeyDescriptors.Of(p.CredentialId, p.Transports)));
        }

        var options = fido2.GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = allowed,
            UserVerification = UserVerificationRequirement.Required,
        });
        var json = options.ToJson();
        var ceremonyId = await ceremonies.StartAsync(PasskeyCeremonyKind.Assertion, userId, json);
        return new PasskeyCeremonyStart(ceremonyId, JsonSerializer.Deserialize<JsonElement>(json));
    }

    /// <summary>
    /// Checks the browser's assertion for a ceremony started for <paramref name="userId"/> (null: passwordless).
    /// Refused: an unknown, used or expired ceremony, one started for someone else, an unknown credential, a
    /// credential of another user, a bad signature or a counter that did not move forward. A success updates
    /// the counter and the last use.
    /// </summary>
    public async Task<Passkey?> VerifyAsync(
        string? userId, string? ceremonyId, AuthenticatorAssertionRawResponse? response, CancellationToken cancellationToken = default)
    {
        var ceremony = await ceremonies.TakeAsync(ceremonyId, PasskeyCeremonyKind.Assertion);
        if (ceremony is null || ceremony.UserId != userId || response?.RawId is not { Length: > 0 } credentialId)
        {
            LogRefused(logger, null, "no such ceremony or credential");
            return null;
        }

        var passkey = await db.Passkeys.SingleOrDefaultAsync(p => p.CredentialId == credentialId, cancellationToken);
        if (passkey is null || (ceremony.UserId is not null && passkey.UserId != ceremony.UserId))
        {
            LogRefused(logger, ceremony.UserId, "unknown credential or another user's");
            return null;
        }

        VerifyAssertionResult result;
        try
        {
            result = await fido2.MakeAssertionAsync(new MakeAssertionParams
            {
                AssertionResponse = response,
                OriginalOptions = AssertionOptions.FromJson(ceremony.OptionsJson),
                StoredPublicKey = passkey.PublicKey,
                StoredSignatureCounter = (uint)passkey.SignCount,
                // A discoverable sign-in names its user: that handle must be the one this credential was made for.
                IsUserHandleOwnerOfCredentialIdCallback = (args, _) => Task.FromResult(
                    CryptographicOperations.FixedTimeEquals(args.UserHandle, passkey.UserHandle)
                    && CryptographicOperations.FixedTimeEquals(args.CredentialId, passkey.CredentialId)),
            }, cancellationToken);
        }
        catch (Fido2VerificationException exception)
        {
            LogRefused(logger, passkey.UserId, exception.Code.ToString());
            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Fido2 parses the browser's bytes (CBOR, keys, signatures) and fails on malformed ones with other exceptions too.
            LogRefused(logger, passkey.UserId, exception.GetType().Name);
            return null;
        }

        passkey.SignCount = result.SignCount;
        passkey.IsBackedUp = result.IsBackedUp;
        passkey.LastUsedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(AuditEventTypes.PasskeyUsed, passkey.UserId, cancellationToken: cancellationToken);
        LogVerified(logger, passkey.UserId, passkey.Id);
        return passkey;
    }

    [LoggerMessage(EventId = 2962, Level = LogLevel.Information, Message = "User {UserId} signed in with passkey {PasskeyId}")]
    private static partial void LogVerified(ILogger logger, string userId, Guid passkeyId);

    [LoggerMessage(EventId = 2963, Level = LogLevel.Warning, Message = "Passkey sign-in refused (user {UserId}): {Reason}")]
    private static partial void LogRefused(ILogger logger, string? userId, string reason);
}
