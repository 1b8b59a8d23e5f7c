using System.Globalization;
using Aict.IdentityServer.Administration.Admin;
using Aict.IdentityServer.Administration.Notices;
using Aict.IdentityServer.Platform.Email;
using Aict.IdentityServer.Protocol;
using Aict.IdentityServer.SignIn.SignUp;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.Detection.Attacks;

/// <summary>
/// Tells an account's holder, in the account's language (else the request's), that someone guessed at the password from
/// one address and was stopped, with where to secure the account: the forgot-password page of this server and the
/// portal's security page (at the origin of the portal client's redirect URI). Only a confirmed address is written to.
/// </summary>
public sealed class BruteForceMailer(
    AccountNotices<BruteForceNotice> notices,
    IServiceScopeFactory scopes,
    IEmailDelivery email,
    IStringLocalizer<SharedResource> text,
    IOptions<ServerOptions> server,
    ILogger<BruteForceMailer> logger) : AccountNoticeMailer<BruteForceNotice>(notices, scopes, email, logger)
{
    protected override async Task<EmailMessage> ComposeAsync(BruteForceNotice notice, string address, CultureInfo culture, IServiceProvider services)
    {
        var when = notice.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var body = text["BruteForceBody", notice.Failures, notice.Address, when, VerificationLinks.ForgotPassword(server.Value.Issuer!, culture)].Value;
        if (await PortalSecurityPageAsync(services) is { } portal)
        {
            body += "\n\n" + text["BruteForcePortal", portal];
        }

        return new EmailMessage(address, text["BruteForceSubject"], body);
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
}
