using System.Globalization;
using Aict.IdentityServer.Platform.Email;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;

namespace Aict.IdentityServer.Administration.Notices;

/// <summary>A notice to an account's holder, queued by the request that caused it.</summary>
public interface IAccountNotice
{
    string UserId { get; }

    /// <summary>The language of the request, used when the account names none.</summary>
    CultureInfo RequestCulture { get; }
}

/// <summary>
/// Mails each notice of <see cref="AccountNotices{TNotice}"/> in the background to its account's confirmed address, in the account's language (else the
/// request's), so the request that caused it never waits for the relay. An unconfirmed address may be someone else's:
/// nothing is sent to it. One failed mail (a relay outage) never stops the notices after it. Subclasses say what a
/// notice's mail says.
/// </summary>
public abstract class AccountNoticeMailer<TNotice>(
    AccountNotices<TNotice> notices, IServiceScopeFactory scopes, IEmailDelivery email, ILogger logger) : BackgroundService
    where TNotice : IAccountNotice
{
    /// <summary>The mail for the notice, with the culture already set to the holder's language.</summary>
    protected abstract Task<EmailMessage> ComposeAsync(TNotice notice, string address, CultureInfo culture, IServiceProvider services);

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
                AccountNoticeLog.Failed(logger, notices.Kind, notice.UserId, exception);
            }
        }
    }

    private async Task SendAsync(TNotice notice, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByIdAsync(notice.UserId) is not { Email: { } address } user || !await users.IsEmailConfirmedAsync(user))
        {
            AccountNoticeLog.NoAddress(logger, notices.Kind, notice.UserId);
            return;
        }

        var culture = AccountLanguage.CultureOf(user.Locale) ?? notice.RequestCulture;
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
        await email.SendAsync(await ComposeAsync(notice, address, culture, scope.ServiceProvider), cancellationToken);
        AccountNoticeLog.Sent(logger, notices.Kind, user.Id);
    }
}

internal static partial class AccountNoticeLog
{
    [LoggerMessage(EventId = 2330, Level = LogLevel.Warning, Message = "The {Notice} notice for user {UserId} was dropped: the queue is full")]
    public static partial void Dropped(ILogger logger, string notice, string userId);

    [LoggerMessage(EventId = 2331, Level = LogLevel.Information, Message = "Sent the {Notice} notice to user {UserId}")]
    public static partial void Sent(ILogger logger, string notice, string userId);

    [LoggerMessage(EventId = 2332, Level = LogLevel.Information, Message = "No {Notice} notice for user {UserId}: no confirmed address")]
    public static partial void NoAddress(ILogger logger, string notice, string userId);

    [LoggerMessage(EventId = 2333, Level = LogLevel.Error, Message = "Could not send the {Notice} notice of user {UserId}")]
    public static partial void Failed(ILogger logger, string notice, string userId, Exception exception);
}
