using System.Net;
using Aict.SsoPortal.Tests.Infrastructure;

namespace Aict.SsoPortal.Tests;

/// <summary>
/// The portal through HTTP, signed in through a real IdentityServer: what the browser holds, what the pages
/// show, and what happens when the IdentityServer session ends or the user signs out.
/// </summary>
public sealed class PortalJourneyTests(PortalAndIdentityServer servers) : IClassFixture<PortalAndIdentityServer>
{
    [Fact]
    public async Task Signing_in_shows_the_launcher_and_the_browser_holds_a_cookie_without_tokens()
    {
        using var user = NewUser();

        var home = await user.SignInAsync(DemoRealm.Alice);

        Assert.Equal(HttpStatusCode.OK, home.Status);
        Assert.Equal(PortalAndIdentityServer.PortalAddress, home.Url);
        Assert.Contains("Alice", home.Document.QuerySelector("h1")?.TextContent);
        Assert.StartsWith("http://localhost:5400/login?iss=", home.Document.QuerySelector("#app-channel-web")?.GetAttribute("href"));
        var cookie = Assert.Single(home.SetCookies, c => c.StartsWith("aict.portal=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        // A ticket key, not a ticket: no JWT (three base64url parts starting "eyJ") fits in a cookie this small.
        Assert.InRange(cookie.Split(';')[0].Length, 1, 400);
    }

    [Fact]
    public async Task A_session_ended_at_IdentityServer_sends_the_portal_user_back_to_sign_in()
    {
        using var user = NewUser();
        await user.SignInAsync(DemoRealm.Carol);
        var sessions = await user.GoAsync("/sessions");
        var sessionId = sessions.Document.QuerySelector("[data-current=true]")!.Id!["session-".Length..];
        var elsewhere = await PortalSession.SignInAsync(servers.Identity.Factory, DemoRealm.Carol);

        using (var ended = await elsewhere.Api.DeleteAsync($"/api/account/sessions/{sessionId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        }

        var next = await user.GoAsync("/profile");

        Assert.Equal("/account/login", next.Path);
    }

    [Fact]
    public async Task Signing_out_ends_the_portal_and_IdentityServer_sessions()
    {
        using var user = NewUser();
        var home = await user.SignInAsync(DemoRealm.Alice);

        var signedOut = await user.SubmitAsync(home, new Dictionary<string, string>(), "#sign-out");

        Assert.Equal("/signed-out", signedOut.Path);
        Assert.NotNull(signedOut.Document.QuerySelector("#sign-in-again"));
        // The IdentityServer session ended too: the portal's next sign-in asks for the password again.
        Assert.Equal("/account/login", (await user.GoAsync("/")).Path);
    }

    [Fact]
    public async Task A_profile_change_is_saved_and_confirmed_after_a_redirect()
    {
        using var user = NewUser();
        await user.SignInAsync(DemoRealm.Carol);
        var profile = await user.GoAsync("/profile");

        var saved = await user.SubmitAsync(profile, new Dictionary<string, string> { ["Profile.PhoneNumber"] = "+82 10-2222-3333" }, "#save-profile");

        Assert.Equal("/profile", saved.Path);
        Assert.NotNull(saved.Document.QuerySelector("#status-message"));
        Assert.Equal("+82 10-2222-3333", saved.Document.QuerySelector("#Profile_PhoneNumber")?.GetAttribute("value"));
    }

    [Fact]
    public async Task A_new_e_mail_address_waits_for_its_link_and_the_page_says_where_the_link_went()
    {
        using var user = NewUser();
        var account = await TestUsers.CreateAsync(servers.Identity.Factory);
        await user.SignInAsync(account);
        var profile = await user.GoAsync("/profile");
        var target = $"moved-{Guid.NewGuid():N}@example.com";

        var sent = await user.SubmitAsync(profile, new Dictionary<string, string> { ["Email.NewEmail"] = target }, "#change-email");

        Assert.Equal("/profile", sent.Path);
        Assert.Equal($"We sent a link to {target}. Open it to start using that address.", sent.Document.QuerySelector("#status-message")?.TextContent.Trim());
        Assert.StartsWith(account.Email, sent.Document.QuerySelector("#profile-email")?.TextContent.Trim());
        Assert.NotNull(sent.Document.QuerySelector("label[for='Email_NewEmail']"));
    }

    [Fact]
    public async Task The_current_address_as_the_new_one_is_explained_beside_the_e_mail_form()
    {
        using var user = NewUser();
        var account = await TestUsers.CreateAsync(servers.Identity.Factory);
        await user.SignInAsync(account);
        var profile = await user.GoAsync("/profile");

        var refused = await user.SubmitAsync(profile, new Dictionary<string, string> { ["Email.NewEmail"] = account.Email }, "#change-email");

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("already your e-mail address", refused.Document.QuerySelector("#email-error")?.TextContent);
    }

    [Fact]
    public async Task A_wrong_current_password_is_explained_beside_the_password_form()
    {
        using var user = NewUser();
        await user.SignInAsync(DemoRealm.Carol);
        var profile = await user.GoAsync("/profile");

        var refused = await user.SubmitAsync(profile, new Dictionary<string, string>
        {
            ["Password.CurrentPassword"] = "Not#theRightOne1",
            ["Password.NewPassword"] = "Carol#2026new",
            ["Password.ConfirmPassword"] = "Carol#2026new",
        }, "#change-password");

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("current password", refused.Document.QuerySelector("#password-error")?.TextContent, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_language_switch_turns_the_portal_Korean_and_it_stays_Korean()
    {
        using var user = NewUser();
        await user.SignInAsync(DemoRealm.Alice);

        var switched = await user.GoAsync("/sessions?ui_locales=ko");
        var later = await user.GoAsync("/sessions");

        Assert.Equal("ko", switched.Document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("세션", later.Document.QuerySelector("h1")?.TextContent);
    }

    [Fact]
    public async Task The_navigation_marks_the_link_of_the_section_shown()
    {
        using var user = NewUser();
        await user.SignInAsync(await TestUsers.CreateAsync(servers.Identity.Factory));

        foreach (var (path, link) in new[] { ("/", "#nav-home"), ("/profile", "#nav-profile"), ("/sessions", "#nav-sessions"), ("/apps", "#nav-apps"), ("/activity", "#nav-activity") })
        {
            var page = await user.GoAsync(path);
            Assert.Equal("page", page.Document.QuerySelector(link)?.GetAttribute("aria-current"));
            Assert.Single(page.Document.QuerySelectorAll(".site-nav a[aria-current]"));
        }
    }

    private UserAgent NewUser()
    {
        var (portal, identity) = servers.CreateBrowsers();
        return new UserAgent(portal, identity);
    }
}
