using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.Platform.Outbox;

namespace Aict.IdentityServer.Sessions.BackchannelLogout;

/// <summary>Stores one delivery row per client of each ended session that registered a back-channel logout URI.</summary>
internal sealed class BackchannelLogoutScheduler(
    ApplicationDbContext db,
    LogoutRegistrations registrations,
    DispatcherWakeUp dispatcher,
    TimeProvider time) : IBackchannelLogoutScheduler
{
    public async Task ScheduleAsync(IReadOnlyCollection<UserSession> endedSessions, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var scheduled = 0;
        foreach (var session in endedSessions)
        {
            foreach (var clientId in session.Grants.Select(g => g.ClientId).Distinct(StringComparer.Ordinal))
            {
                if (await registrations.FindAsync(clientId, cancellationToken) is null)
                {
                    continue;
                }

                db.BackchannelLogoutDeliveries.Add(new BackchannelLogoutDelivery
                {
                    ClientId = clientId,
                    Subject = session.UserId,
                    SessionId = session.Id,
                    CreatedAt = now,
                    NextAttemptAt = now,
                });
                scheduled++;
            }
        }

        if (scheduled > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            dispatcher.Signal();
        }
    }
}
