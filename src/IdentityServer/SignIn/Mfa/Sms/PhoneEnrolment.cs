using System.Globalization;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.EntityFrameworkCore;

namespace Aict.IdentityServer.SignIn.Mfa.Sms;

/// <summary>
/// Adds and removes a user's phone for SMS codes: the number waits, unverified, until the user enters the
/// code sent to it; only then does it count as a factor.
/// </summary>
public sealed class PhoneEnrolment(ApplicationDbContext db, SmsCodes codes, MfaFactors factors, AuditTrail audit, TimeProvider time)
{
    /// <summary>
    /// Keeps the number as the pending one and sends it a code. Null when the user already has a verified
    /// phone: that one must be removed first.
    /// </summary>
    public async Task<SmsSendResult?> BeginAsync(ApplicationUser user, string phoneNumber, CultureInfo culture, CancellationToken cancellationToken = default)
    {
        if (!E164PhoneNumber.TryNormalize(phoneNumber, out var number))
        {
            return SmsSendResult.InvalidNumber;
        }

        var phone = await db.PhoneFactors.SingleOrDefaultAsync(p => p.UserId == user.Id, cancellationToken);
        if (phone?.VerifiedAt is not null)
        {
            return null;
        }

        var previous = phone?.PhoneNumber;
        if (phone is null)
        {
            phone = new PhoneFactor { UserId = user.Id, PhoneNumber = number };
            db.PhoneFactors.Add(phone);
        }

        // Stored before the code goes out: a code sent for this number must never confirm an earlier one.
        phone.PhoneNumber = number;
        phone.CreatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        var sent = await codes.SendAsync(user.Id, number, SmsCodePurpose.EnrolPhone, culture, cancellationToken);
        if (sent.Status != SmsSendStatus.Sent)
        {
            // The earlier number's code may still be live (a refused send replaces nothing): keep that number.
            if (previous is null)
            {
                db.PhoneFactors.Remove(phone);
            }
            else
            {
                phone.PhoneNumber = previous;
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return sent;
    }

    /// <summary>Sends a new code to the pending number; null when no number is pending.</summary>
    public async Task<SmsSendResult?> ResendAsync(ApplicationUser user, CultureInfo culture, CancellationToken cancellationToken = default)
    {
        var pending = await db.PhoneFactors.AsNoTracking()
            .Where(p => p.UserId == user.Id && p.VerifiedAt == null)
            .Select(p => p.PhoneNumber)
            .SingleOrDefaultAsync(cancellationToken);
        return pending is null ? null : await codes.SendAsync(user.Id, pending, SmsCodePurpose.EnrolPhone, culture, cancellationToken);
    }

    /// <summary>Verifies the pending number with the code sent to it, which turns two-factor sign-in on; null when none is pending.</summary>
    public async Task<SmsCodeVerification?> ConfirmAsync(ApplicationUser user, string code, CancellationToken cancellationToken = default)
    {
        if (!await db.PhoneFactors.AnyAsync(p => p.UserId == user.Id && p.VerifiedAt == null, cancellationToken))
        {
            return null;
        }

        var result = await codes.VerifyAsync(user.Id, SmsCodePurpose.EnrolPhone, code);
        if (result != SmsCodeVerification.Valid)
        {
            return result;
        }

        if (await db.PhoneFactors
                .Where(p => p.UserId == user.Id && p.VerifiedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.VerifiedAt, time.GetUtcNow()), cancellationToken) == 0)
        {
            return null;
        }

        await factors.SyncTwoFactorAsync(user, cancellationToken);
        await audit.RecordAsync(AuditEventTypes.PhoneEnrolled, user.Id, cancellationToken: cancellationToken);
        return SmsCodeVerification.Valid;
    }

    /// <summary>Removes the phone (verified or pending); two-factor sign-in ends with the last factor.</summary>
    public async Task<bool> RemoveAsync(ApplicationUser user, CancellationToken cancellationToken = default)
    {
        if (await db.PhoneFactors.Where(p => p.UserId == user.Id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return false;
        }

        await factors.SyncTwoFactorAsync(user, cancellationToken);
        await audit.RecordAsync(AuditEventTypes.PhoneRemoved, user.Id, cancellationToken: cancellationToken);
        return true;
    }

    /// <summary>The user's phone, verified or pending, or null.</summary>
    public Task<PhoneFactor?> FindAsync(string userId, CancellationToken cancellationToken = default) =>
        db.PhoneFactors.AsNoTracking().SingleOrDefaultAsync(p => p.UserId == userId, cancellationToken);
}
