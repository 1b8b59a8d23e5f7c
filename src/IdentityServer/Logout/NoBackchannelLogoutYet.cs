using Aict.IdentityServer.Sessions;

namespace Aict.IdentityServer.Logout;

// Placeholder until the back-channel logout dispatcher is merged (same session); removed then.
internal sealed class NoBackchannelLogoutYet : IBackchannelLogoutScheduler
{
    public Task ScheduleAsync(IReadOnlyCollection<UserSession> endedSessions, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
