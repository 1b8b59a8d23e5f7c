using System.Net;
using Aict.SsoPortal.Tests.Infrastructure;

namespace Aict.SsoPortal.Tests;

/// <summary>The admin console's user and audit pages, driven through the portal against a real IdentityServer.</summary>
public sealed class AdminConsoleTests(PortalAndIdentityServer servers) : IClassFixture<PortalAndIdentityServer>
{
    private IdentityServerFactory Identity => servers.Identity.Factory;

    [Fact]
    public async Task Resetting_a_users_two_step_sign_in_from_their_page_turns_it_off()
    {
        using var admin = await AdministratorAsync();
        var userId = await TestUsers.IdOfAsync(Identity, await MfaUsers.WithTotpAsync(Identity));
        var page = await admin.GoAsync($"/admin/users/{userId}");
        Assert.Equal("On", page.Document.QuerySelector("#admin-user-mfa")?.TextContent.Trim());

        var done = await admin.SubmitAsync(page, new Dictionary<string, string>(), "#reset-user-mfa");

        Assert.NotNull(done.Document.QuerySelector("#status-message"));
        Assert.Equal("Off", done.Document.QuerySelector("#admin-user-mfa")?.TextContent.Trim());
        Assert.Null(done.Document.QuerySelector("#reset-user-mfa"));
    }

    [Fact]
    public async Task A_taken_address_is_refused_next_to_the_e_mail_field_and_nothing_is_created()
    {
        using var admin = await AdministratorAsync();
        var page = await admin.GoAsync("/admin/users/new");

        var refused = await admin.SubmitAsync(page, new Dictionary<string, string> { ["Input.Email"] = DemoRealm.Alice.Email.ToUpperInvariant() }, "#create-user");

        Assert.Equal("/admin/users/new", refused.Path);
        Assert.NotNull(refused.Document.QuerySelector("#create-error"));
        Assert.False(string.IsNullOrWhiteSpace(refused.Document.QuerySelector("[data-valmsg-for='Input.Email']")?.TextContent));
        Assert.Equal(DemoRealm.Alice.Email.ToUpperInvariant(), refused.Document.QuerySelector("#Input_Email")?.GetAttribute("value"));
    }

    [Theory]
    [InlineData("export-csv", "text/csv", ".csv")]
    [InlineData("export-jsonl", "application/x-ndjson", ".jsonl")]
    public async Task The_export_links_pass_identity_servers_download_through_as_an_attachment(string link, string mediaType, string extension)
    {
        using var admin = await AdministratorAsync();
        var page = await admin.GoAsync("/admin/audit?type=signed_in");
        var href = page.Document.QuerySelector($"#{link}")!.GetAttribute("href")!;

        using var response = await admin.Portal.Http.GetAsync(href);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(extension, response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        Assert.Contains("signed_in", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_time_range_is_shown_as_the_audit_log_s_problem()
    {
        using var admin = await AdministratorAsync();

        var page = await admin.GoAsync("/admin/audit?from=2026-03-02T00:00&to=2026-03-01T00:00");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.Document.QuerySelector("#audit-error"));
    }

    [Fact]
    public async Task Someone_who_is_not_an_administrator_gets_403_on_every_console_page()
    {
        var (portal, identity) = servers.CreateBrowsers();
        using var user = new UserAgent(portal, identity);
        var userId = await TestUsers.IdOfAsync(Identity, DemoRealm.Carol);
        await user.SignInAsync(await TestUsers.CreateAsync(Identity));

        foreach (var path in new[] { "/admin", "/admin/users/new", "/admin/roles", "/admin/audit", $"/admin/users/{userId}", $"/admin/users/{userId}/delete", "/admin/audit?handler=Export" })
        {
            var page = await user.GoAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, page.Status);
            Assert.NotNull(page.Document.QuerySelector("#admin-only"));
        }
    }

    /// <summary>A new administrator with an authenticator app, signed in to the portal with both factors.</summary>
    private async Task<UserAgent> AdministratorAsync()
    {
        var admin = await MfaUsers.EnrolTotpAsync(Identity, await TestUsers.CreateAsync(Identity, role: "admin"));
        var (portal, identity) = servers.CreateBrowsers();
        var agent = new UserAgent(portal, identity);
        var page = await agent.SignInAsync(admin, "/admin");
        if (page.Path.Equals("/account/mfa", StringComparison.OrdinalIgnoreCase))
        {
            page = await agent.SubmitAsync(page, new Dictionary<string, string> { ["Code"] = Identity.Authenticator.NextCode(admin.TotpSecret!) }, "button[type=submit]");
        }

        Assert.Equal("/admin", page.Path);
        return agent;
    }
}
