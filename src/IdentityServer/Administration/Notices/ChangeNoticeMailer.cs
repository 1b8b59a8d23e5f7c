using System.Globalization;
using System.Text;
using Aict.IdentityServer.Platform.Email;
using Microsoft.Extensions.Localization;

namespace Aict.IdentityServer.Administration.Notices;

/// <summary>
/// Sends the account change notices: what changed and when; no secret and no link.
/// </summary>
public sealed class ChangeNoticeMailer(
    AccountNotices<ChangeNotice> notices,
    IServiceScopeFactory scopes,
    IEmailDelivery email,
    IStringLocalizer<SharedResource> text,
    ILogger<ChangeNoticeMailer> logger) : AccountNoticeMailer<ChangeNotice>(notices, scopes, email, logger)
{
    protected override Task<EmailMessage> ComposeAsync(ChangeNotice notice, string address, CultureInfo culture, IServiceProvider services)
    {
        var lines = new StringBuilder();
        foreach (var key in notice.LineKeys)
        {
            lines.Append("- ").AppendLine(text[key]);
        }

        var when = notice.ChangedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        return Task.FromResult(new EmailMessage(address, text["NoticeSubject"], text["NoticeBody", lines.ToString().TrimEnd(), when]));
    }
}
