using System.Globalization;
using Aict.IdentityServer.Administration.Notices;
using Aict.IdentityServer.Platform.Email;
using Aict.IdentityServer.Protocol;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Detection.Devices;

/// <summary>
/// Sends each <see cref="SignInNotice"/> to the account's confirmed address, in the account's language (else the request's):
/// "was this you?" with a link to <c>/account/secure</c> that ends that session and starts a password reset, or "a sign-in
/// was refused" with the way to a new password.
/// </summary>
public sealed partial class SignInNoticeMailer(
    SignInNotices notices,
    SecureLinks links,
    IServiceScopeFactory scopes,
    IEmailDelivery email,
    IStringLocalizer<SharedResource> text,
    IOptions<ServerOptions> server,
    IOptions<NewDeviceOptions> options,
    ILogger<SignInNoticeMailer> logger) : BackgroundService
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

    private async Task SendAsync(SignInNotice notice, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        // An unconfirmed address may be someone else's: they learn nothing about this account.
        if (await users.FindByIdAsync(notice.UserId) is not { Email: { } address } user || !await users.IsEmailConfirmedAsync(user))
        {
            return;
        }

        var culture = ChangeNoticeMailer.CultureOf(user.Locale) ?? notice.RequestCulture;
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
        var locale = "ui_locales=" + Uri.EscapeDataString(culture.Name);
        var when = notice.SignedInAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var place = notice.Place ?? text["NewDeviceUnknownPlace"];
        var message = notice.SessionId is { } sessionId
            ? new EmailMessage(address, text["NewDeviceSubject"], text["NewDeviceBody", place, when,
                Link("account/secure") + "?token=" + links.Create(notice.UserId, sessionId) + "&" + locale,
                Math.Max(1, (int)options.Value.SecureLinkLifetime.TotalDays)])
            : new EmailMessage(address, text["SignInRefusedSubject"], text["SignInRefusedBody", place, when,
                Link("account/forgot-password") + "?" + locale]);
        await email.SendAsync(message, cancellationToken);
        LogSent(logger, user.Id);
    }

    private string Link(string path) => new Uri(server.Value.Issuer!, path).AbsoluteUri;

    [LoggerMessage(EventId = 5211, Level = LogLevel.Information, Message = "Sign-in notice sent to user {UserId}")]
    private static partial void LogSent(ILogger logger, string userId);

    [LoggerMessage(EventId = 5212, Level = LogLevel.Error, Message = "Could not send the sign-in notice of user {UserId}")]
    private static partial void LogFailed(ILogger logger, string userId, Exception exception);
}
