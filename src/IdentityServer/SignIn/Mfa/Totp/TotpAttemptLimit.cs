using Aict.IdentityServer.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Aict.IdentityServer.SignIn.Mfa.Totp;

/// <summary>
/// At most <see cref="MaxAttempts"/> codes per user in a <see cref="Window"/>. Counted on the
/// authenticator's row with conditional updates: every instance sees the same count, two requests
/// cannot both take the last attempt, and the window follows the application's TimeProvider.
/// </summary>
internal sealed class TotpAttemptLimit(ApplicationDbContext db)
{
    public const int MaxAttempts = 5;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    /// <summary>Takes one attempt before a code is checked; false when none are left in the window.</summary>
    public async Task<bool> TryClaimAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var expired = now - Window;
        var startedWindow = await db.TotpAuthenticators
            .Where(t => t.UserId == userId && (t.AttemptWindowStartedAt == null || t.AttemptWindowStartedAt <= expired))
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.FailedAttempts, 1)
                .SetProperty(t => t.AttemptWindowStartedAt, now), cancellationToken);
        if (startedWindow == 1)
        {
            return true;
        }

        return await db.TotpAuthenticators
            .Where(t => t.UserId == userId && t.FailedAttempts < MaxAttempts)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.FailedAttempts, t => t.FailedAttempts + 1), cancellationToken) == 1;
    }
}
