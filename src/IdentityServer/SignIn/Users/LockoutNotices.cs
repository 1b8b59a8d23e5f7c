using System.Globalization;
using System.Threading.Channels;
using Aict.IdentityServer.Platform.Email;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Aict.IdentityServer.SignIn.Users;

/// <summary>
/// Tells the owner by e-mail when failed attempts lock their account, since the sign-in page tells
/// nobody. Queued and sent in the background, so that the request that locked the account takes no
/// longer than any other refusal.
/// </summary>
public sealed partial class LockoutNotices(ILogger<LockoutNotices> logger)
{
    // Bounded: at most one notice per account per lockout period; a flood beyond that is dropped, not buffered.
    private readonly Channel<LockoutNotice> _queue = Channel.CreateBounded<LockoutNotice>(
        new BoundedChannelOptions(1_000) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    public void Enqueue(string userId)
    {
        if (!_queue.Writer.TryWrite(new LockoutNotice(userId, CultureInfo.CurrentUICulture)))
        {
            LogDropped(logger);
        }
    }

    public IAsyncEnumerable<LockoutNotice> ReadAllAsync(CancellationToken cancellationToken) => _queue.Reader.ReadAllAsync(cancellationToken);

    [LoggerMessage(EventId = 2020, Level = LogLevel.Warning, Message = "Lockout notice dropped: the queue is full")]
    private static partial void LogDropped(ILogger logger);
}

/// <summary>An account that failed attempts just locked, and the language of the request that locked it.</summary>
public sealed record LockoutNotice(string UserId, CultureInfo Culture);

/// <summary>Sends the <see cref="LockoutNotices"/>: to the account's confirmed address, in the language of the request.</summary>
public sealed partial class LockoutNoticeMailer(
    LockoutNotices notices,
    IServiceScopeFactory scopes,
    IEmailDelivery email,
    IStringLocalizer<SharedResource> text,
    ILogger<LockoutNoticeMailer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var notice in notices.ReadAllAsync(stoppingToken))
        {
            try
            {
                await SendAsync(notice, stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // One failed e-mail (a relay outage) must not stop the notices after it.
                LogFailed(logger, exception);
            }
        }
    }

    private async Task SendAsync(LockoutNotice notice, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        // An unconfirmed address may not be the account holder's.
        if (await users.FindByIdAsync(notice.UserId) is not { Email: { } address, EmailConfirmed: true, LockoutEnd: { } lockedUntil })
        {
            return;
        }

        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = notice.Culture;
        var until = lockedUntil.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        await email.SendAsync(new EmailMessage(address, text["LockoutEmailSubject"], text["LockoutEmailBody", until]), cancellationToken);
        LogSent(logger, notice.UserId);
    }

    [LoggerMessage(EventId = 2021, Level = LogLevel.Information, Message = "Lockout notice sent to user {UserId}")]
    private static partial void LogSent(ILogger logger, string userId);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Error, Message = "Could not send a lockout notice")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
