namespace Aict.IdentityServer.Sessions.BackchannelLogout;

/// <summary>Owes a back-channel logout notice to every client of an ended session that registered a logout URI.</summary>
public interface IBackchannelLogoutScheduler
{
    /// <summary>Stores the notices (delivered in the background, with retries) for sessions that have just ended.</summary>
    Task ScheduleAsync(IReadOnlyCollection<UserSession> endedSessions, CancellationToken cancellationToken = default);
}
