using System.Net;
using Aict.SsoPortal.Tests.Infrastructure;

namespace Aict.SsoPortal.Tests;

/// <summary>
/// The portal's admin page calls IdentityServer's admin API, which wants an MFA sign-in within the recent
/// window: an admin short of that is sent to step up (RFC 9470) and comes back to the page, still signed in.
/// </summary>
public sealed class AdminStepUpTests(PortalAndIdentityServer servers) : IClassFixture<PortalAndIdentityServer>
{
    [Fact]
    public async Task A_password_only_admin_is_sent_to_sign_in_again_with_mfa_and_comes_back_to_the_admin_page()
    {
        var (portal, identity) = servers.CreateBrowsers();
        using var user = new UserAgent(portal, identity);
        var admin = await TestUsers.CreateAsync(servers.Identity.Factory, role: "admin");
        Assert.Equal(HttpStatusCode.OK, (await user.SignInAsync(admin)).Status);

        var stepUp = await user.GoAsync("/admin?query=example.com");

        // The IdentityServer session is still there, yet the password is asked again (max_age=0), and the
        // request names the level (acr_values).
        Assert.Equal("/account/login", stepUp.Path, ignoreCase: true);
        Assert.Contains("acr_values=urn:aict:loa:2", Uri.UnescapeDataString(Uri.UnescapeDataString(stepUp.Url.Query)));

        // The admin has no second factor yet: after the password, enrolment; then back to the admin page.
        var enrol = await user.SignInAsync(stepUp, admin);
        Assert.Equal("/Account/Mfa/Enrol", enrol.Path);
        var secret = enrol.Document.QuerySelector("#totp-secret")!.TextContent.Trim();
        var codes = await user.SubmitAsync(enrol, new Dictionary<string, string> { ["Code"] = servers.Identity.Factory.Authenticator.NextCode(secret) },
            "button[type=submit]");
        var back = await user.GoOnIdentityServerAsync(codes.Document.QuerySelector("#continue")!.GetAttribute("href")!);

        Assert.Equal(new Uri(PortalAndIdentityServer.PortalAddress, "/admin?query=example.com"), back.Url);
        Assert.NotNull(back.Document.QuerySelector("#admin-users"));
    }
}
