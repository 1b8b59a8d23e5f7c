using System.Security.Cryptography;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace Aict.IdentityServer.SignIn.Mfa.Totp;

/// <summary>
/// Adds and removes a user's authenticator app: a new secret waits, unconfirmed, until the app
/// proves it with a valid code; only then does it count as a factor.
/// </summary>
public sealed class TotpEnrolment(
    ApplicationDbContext db, TotpSecretProtector secrets, TotpVerifier verifier, MfaFactors factors, AuditTrail audit, TimeProvider time)
{
    public const string Issuer = "Aict Identity";

    // 160 bits: RFC 4226's recommended length for HMAC-SHA-1, what authenticator apps expect.
    private const int SecretLength = 20;

    /// <summary>
    /// Starts (or restarts) an enrolment with a fresh secret. Null when the user already has a
    /// confirmed authenticator: that one must be removed first.
    /// </summary>
    public Task<TotpEnrolmentStart?> BeginAsync(ApplicationUser user, CancellationToken cancellationToken = default) =>
        BeginAsync(user, retryOnConflict: true, cancellationToken);

    private async Task<TotpEnrolmentStart?> BeginAsync(ApplicationUser user, bool retryOnConflict, CancellationToken cancellationToken)
    {
        var existing = await db.TotpAuthenticators.SingleOrDefaultAsync(t => t.UserId == user.Id, cancellationToken);
        if (existing?.ConfirmedAt is not null)
        {
            return null;
        }

        var secret = RandomNumberGenerator.GetBytes(SecretLength);
        if (existing is null)
        {
            var added = db.TotpAuthenticators.Add(new TotpAuthenticator { UserId = user.Id, ProtectedSecret = secrets.Protect(secret), CreatedAt = time.GetUtcNow() });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException) when (retryOnConflict)
            {
                // Another request (a double click) created the row first: start over, once, on that row.
                added.State = EntityState.Detached;
                return await BeginAsync(user, retryOnConflict: false, cancellationToken);
            }
        }
        else
        {
            existing.ProtectedSecret = secrets.Protect(secret);
            existing.CreatedAt = time.GetUtcNow();
            existing.LastUsedTimeStep = 0;
            await db.SaveChangesAsync(cancellationToken);
        }

        await audit.RecordAsync(AuditEventTypes.TotpEnrolmentStarted, user.Id, cancellationToken: cancellationToken);
        var manualEntryKey = Base32Encoding.ToString(secret);
        return new TotpEnrolmentStart(AuthenticatorUri(user.Email ?? user.UserName ?? user.Id, manualEntryKey), manualEntryKey);
    }

    /// <summary>The enrolment started and not yet confirmed, to show again after a refused code; null when there is none.</summary>
    public async Task<TotpEnrolmentStart?> PendingAsync(ApplicationUser user, CancellationToken cancellationToken = default)
    {
        var pending = await db.TotpAuthenticators.AsNoTracking()
            .SingleOrDefaultAsync(t => t.UserId == user.Id && t.ConfirmedAt == null, cancellationToken);
        if (pending is null)
        {
            return null;
        }

        var manualEntryKey = Base32Encoding.ToString(secrets.Unprotect(pending.ProtectedSecret));
        return new TotpEnrolmentStart(AuthenticatorUri(user.Email ?? user.UserName ?? user.Id, manualEntryKey), manualEntryKey);
    }

    /// <summary>Confirms the pending enrolment with a first code from the app, which turns two-factor sign-in on.</summary>
    public async Task<TotpCheckResult> ConfirmAsync(ApplicationUser user, string code, CancellationToken cancellationToken = default)
    {
        var result = await verifier.CheckAsync(user.Id, code, confirmed: false, cancellationToken);
        if (result != TotpCheckResult.Valid)
        {
            return result;
        }

        var confirmed = await db.TotpAuthenticators
            .Where(t => t.UserId == user.Id && t.ConfirmedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ConfirmedAt, time.GetUtcNow()), cancellationToken);
        if (confirmed == 0)
        {
            return TotpCheckResult.NotEnrolled;
        }

        await factors.SyncTwoFactorAsync(user, cancellationToken);
        await audit.RecordAsync(AuditEventTypes.TotpEnrolled, user.Id, cancellationToken: cancellationToken);
        return TotpCheckResult.Valid;
    }

    /// <summary>Removes the authenticator (confirmed or pending); two-factor sign-in ends with the last factor.</summary>
    public async Task<bool> RemoveAsync(ApplicationUser user, CancellationToken cancellationToken = default)
    {
        if (await db.TotpAuthenticators.Where(t => t.UserId == user.Id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return false;
        }

        await factors.SyncTwoFactorAsync(user, cancellationToken);
        await audit.RecordAsync(AuditEventTypes.TotpRemoved, user.Id, cancellationToken: cancellationToken);
        return true;
    }

    /// <summary>Enrols a known secret, already confirmed, when the user has no authenticator (the demo realm's bob).</summary>
    internal async Task<bool> EnrolConfirmedAsync(ApplicationUser user, byte[] secret, CancellationToken cancellationToken)
    {
        if (await db.TotpAuthenticators.AnyAsync(t => t.UserId == user.Id, cancellationToken))
        {
            return false;
        }

        var now = time.GetUtcNow();
        db.TotpAuthenticators.Add(new TotpAuthenticator { UserId = user.Id, ProtectedSecret = secrets.Protect(secret), CreatedAt = now, ConfirmedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        await factors.SyncTwoFactorAsync(user, cancellationToken);
        await audit.RecordAsync(AuditEventTypes.TotpEnrolled, user.Id, cancellationToken: cancellationToken);
        return true;
    }

    /// <summary>The Key URI Format authenticator apps read from a QR code: account label, secret and issuer.</summary>
    internal static string AuthenticatorUri(string account, string manualEntryKey) =>
        new OtpUri(OtpType.Totp, manualEntryKey, account, Issuer).ToString();
}

/// <summary>What the enrolment page shows: the URI for the QR code, and the same secret in base32 for typing in.</summary>
public sealed record TotpEnrolmentStart(string AuthenticatorUri, string ManualEntryKey);
