using System.Globalization;
using System.Text;
using Aict.IdentityServer.Platform.Email;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.SignIn.PasswordReset;

/// <summary>
/// Works through <see cref="ResetLinkRequests"/> in the background: for an address with a confirmed
/// account, a reset token from Identity and an e-mail in the language of the request; for any other, nothing.
/// </summary>
public sealed partial class ResetLinkMailer(
    ResetLinkRequests requests,
    IServiceScopeFactory scopes,
    IEmailDelivery email,
    IStringLocalizer<SharedResource> text,
    IOptions<PasswordResetOptions> options,
    ILogger<ResetLinkMailer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var request in requests.ReadAllAsync(stoppingToken))
        {
            try
            {
                await SendAsync(request, stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // One failed e-mail (a relay outage) must not stop the links of everyone after it.
                LogFailed(logger, exception);
            }
        }
    }

    private async Task SendAsync(ResetLinkRequest request, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(request.Email);
        // An unconfirmed address may not be the account holder's: it gets no key to the account.
        if (user?.Email is null || !await users.IsEmailConfirmedAsync(user))
        {
            LogNoAccount(logger);
            return;
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = request.Culture;
        var minutes = (int)options.Value.LinkLifetime.TotalMinutes;
        var message = new EmailMessage(
            user.Email,
            text[request.Welcome ? "WelcomeEmailSubject" : "ResetEmailSubject"],
            text[request.Welcome ? "WelcomeEmailBody" : "ResetEmailBody", ResetLink(request, user.Id, token), minutes]);
        await email.SendAsync(message, cancellationToken);
        LogSent(logger, user.Id);
    }

    // Identity's token is Base64 with '+', '/' and '='; Base64Url over its bytes survives any mail client.
    internal static string ResetLink(ResetLinkRequest request, string userId, string token) =>
        new Uri(request.Site, "account/reset-password").AbsoluteUri
        + "?userId=" + Uri.EscapeDataString(userId)
        + "&token=" + WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token))
        + "&ui_locales=" + Uri.EscapeDataString(request.Culture.Name);

    [LoggerMessage(EventId = 2300, Level = LogLevel.Information, Message = "Password reset link sent to user {UserId}")]
    private static partial void LogSent(ILogger logger, string userId);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "Password reset asked for an address with no confirmed account; nothing sent")]
    private static partial void LogNoAccount(ILogger logger);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Error, Message = "Could not send a password reset link")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
