using Aict.IdentityServer.Platform.Outbox;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Sessions.BackchannelLogout;

/// <summary>Delivers stored logout notices in the background: woken when notices are stored, and polling for retries.</summary>
internal sealed partial class BackchannelLogoutDispatcher(
    IServiceScopeFactory scopes,
    DispatcherWakeUp wakeUp,
    IOptions<BackchannelLogoutOptions> options,
    ILogger<BackchannelLogoutDispatcher> logger) : OutboxDispatcher(scopes, wakeUp)
{
    protected override TimeSpan PollInterval => options.Value.PollInterval;

    protected override Task<bool> RunRoundAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<LogoutNoticeRound>().RunAsync(cancellationToken);

    protected override void LogRoundFailed(Exception exception) => LogFailed(logger, exception);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Error, Message = "A back-channel logout delivery round failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
