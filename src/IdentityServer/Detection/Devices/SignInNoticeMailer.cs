using System.Globalization;
using Aict.IdentityServer.Administration.Notices;
using Aict.IdentityServer.Platform.Email;
using Aict.IdentityServer.Protocol;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Detection.Devices;

/// <summary>
/// Sends each <see cref="SignInNotice"/> to the account's confirmed address, in the account's language (else the request's):
/// "was this you?" with a link to <c>/account/secure</c> that ends that session and starts a password reset, or "a sign-in
/// was refused" with the way to a new password.
/// </summary>
public sealed class SignInNoticeMailer(
    AccountNotices<SignInNotice> notices,
    SecureLinks links,
    IServiceScopeFactory scopes,
    IEmailDelivery email,
    IStringLocalizer<SharedResource> text,
    IOptions<ServerOptions> server,
    IOptions<NewDeviceOptions> options,
    ILogger<SignInNoticeMailer> logger) : AccountNoticeMailer<SignInNotice>(notices, scopes, email, logger)
{
    protected override Task<EmailMessage> ComposeAsync(SignInNotice notice, string address, CultureInfo culture, IServiceProvider services)
    {
        var locale = "ui_locales=" + Uri.EscapeDataString(culture.Name);
        var when = notice.SignedInAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var place = notice.Place ?? text["NewDeviceUnknownPlace"];
        return Task.FromResult(notice.SessionId is { } sessionId
            ? new EmailMessage(address, text["NewDeviceSubject"], text["NewDeviceBody", place, when,
                Link("account/secure") + "?token=" + links.Create(notice.UserId, sessionId) + "&" + locale,
                Math.Max(1, (int)options.Value.SecureLinkLifetime.TotalDays)])
            : new EmailMessage(address, text["SignInRefusedSubject"], text["SignInRefusedBody", place, when,
                Link("account/forgot-password") + "?" + locale]));
    }

    private string Link(string path) => new Uri(server.Value.Issuer!, path).AbsoluteUri;
}
