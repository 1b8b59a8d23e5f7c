using System.Globalization;
using System.Text;
using Aict.IdentityServer.Platform.Email;
using Aict.IdentityServer.SignIn.Users;
using Aict.Ui;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Aict.IdentityServer.Administration.Notices;

/// <summary>
/// Sends the notices of <see cref="QueuedChangeNotices"/> to the account's confirmed address, in the account's
/// language (else the request's). A notice says what changed and when; it holds no secret and no link.
/// </summary>
public sealed partial class ChangeNoticeMailer(
    QueuedChangeNotices notices,
    IServiceScopeFactory scopes,
    IEmailDelivery email,
    IStringLocalizer<SharedResource> text,
    ILogger<ChangeNoticeMailer> logger) : BackgroundService
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
                // One failed e-mail (a relay outage) must not stop the notices of everyone after it.
                LogFailed(logger, notice.UserId, exception);
            }
        }
    }

    private async Task SendAsync(ChangeNotice notice, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        // An unconfirmed address may be someone else's: they learn nothing about this account.
        if (await users.FindByIdAsync(notice.UserId) is not { Email: { } address } user || !await users.IsEmailConfirmedAsync(user))
        {
            LogNoAddress(logger, notice.UserId);
            return;
        }

        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureOf(user.Locale) ?? notice.RequestCulture;
        var lines = new StringBuilder();
        foreach (var key in notice.LineKeys)
        {
            lines.Append("- ").AppendLine(text[key]);
        }

        var when = notice.ChangedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        await email.SendAsync(new EmailMessage(address, text["NoticeSubject"], text["NoticeBody", lines.ToString().TrimEnd(), when]), cancellationToken);
        LogSent(logger, user.Id);
    }

    /// <summary>The page language that matches the account's locale (<c>ko-KR</c> is Korean), or null.</summary>
    internal static CultureInfo? CultureOf(string? locale)
    {
        var language = locale?.Split('-', 2)[0];
        return LanguageLinks.Cultures.FirstOrDefault(culture => string.Equals(culture.TwoLetterISOLanguageName, language, StringComparison.OrdinalIgnoreCase));
    }

    [LoggerMessage(EventId = 2331, Level = LogLevel.Information, Message = "Account change notice sent to user {UserId}")]
    private static partial void LogSent(ILogger logger, string userId);

    [LoggerMessage(EventId = 2332, Level = LogLevel.Information, Message = "No account change notice for user {UserId}: no confirmed address")]
    private static partial void LogNoAddress(ILogger logger, string userId);

    [LoggerMessage(EventId = 2333, Level = LogLevel.Error, Message = "Could not send the account change notice of user {UserId}")]
    private static partial void LogFailed(ILogger logger, string userId, Exception exception);
}
