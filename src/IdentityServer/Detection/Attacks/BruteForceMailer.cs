using System.Globalization;
using Aict.IdentityServer.Administration.Admin;
using Aict.IdentityServer.Administration.Notices;
using Aict.IdentityServer.Platform.Email;
using Aict.IdentityServer.Protocol;
using Aict.IdentityServer.SignIn.SignUp;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.Detection.Attacks;

/// <summary>
/// Tells an account's holder, in the account's language (else the request's), that someone guessed at the password from
/// one address and was stopped, with where to secure the account: the forgot-password page of this server and the
/// portal's security page (at the origin of the portal client's redirect URI). Only a confirmed address is written to.
/// </summary>
public sealed partial class BruteForceMailer(
    BruteForceNotices notices,
    IServiceScopeFactory scopes,
    IEmailDelivery email,
    IStringLocalizer<SharedResource> text,
    IOptions<ServerOptions> server,
    ILogger<BruteForceMailer> logger) : BackgroundService
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

    private async Task SendAsync(BruteForceNotice notice, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByIdAsync(notice.UserId) is not { Email: { } address } user || !await users.IsEmailConfirmedAsync(user))
        {
            LogNoAddress(logger, notice.UserId);
            return;
        }

        var culture = ChangeNoticeMailer.CultureOf(user.Locale) ?? notice.Culture;
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
        var when = notice.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var body = text["BruteForceBody", notice.Failures, notice.Address, when, VerificationLinks.ForgotPassword(server.Value.Issuer!, culture)].Value;
        if (await PortalSecurityPageAsync(scope.ServiceProvider) is { } portal)
        {
            body += "\n\n" + text["BruteForcePortal", portal];
        }

        await email.SendAsync(new EmailMessage(address, text["BruteForceSubject"], body), cancellationToken);
        LogSent(logger, user.Id);
    }

    private static async Task<string?> PortalSecurityPageAsync(IServiceProvider services)
    {
        var applications = services.GetRequiredService<IOpenIddictApplicationManager>();
        if (await applications.FindByClientIdAsync(AdminClients.PortalClientId) is not { } portal)
        {
            return null;
        }

        var redirect = (await applications.GetRedirectUrisAsync(portal)).FirstOrDefault();
        return Uri.TryCreate(redirect, UriKind.Absolute, out var uri) ? new Uri(new Uri(uri.GetLeftPart(UriPartial.Authority)), "security").AbsoluteUri : null;
    }

    [LoggerMessage(EventId = 5111, Level = LogLevel.Information, Message = "Brute-force notice sent to user {UserId}")]
    private static partial void LogSent(ILogger logger, string userId);

    [LoggerMessage(EventId = 5112, Level = LogLevel.Information, Message = "No brute-force notice for user {UserId}: no confirmed address")]
    private static partial void LogNoAddress(ILogger logger, string userId);

    [LoggerMessage(EventId = 5113, Level = LogLevel.Error, Message = "Could not send the brute-force notice of user {UserId}")]
    private static partial void LogFailed(ILogger logger, string userId, Exception exception);
}
