using System.Text.Json;
using Aict.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Aict.BrowserTests;

/// <summary>The admin console's users section and audit log, driven as an administrator (with MFA) would.</summary>
[Collection(InBrowser.Name)]
public sealed class PortalAdminUsersTests(BrowserStack stack)
{
    [Fact]
    public async Task An_administrator_creates_a_user_disables_and_enables_them_and_both_audit_exports_list_the_creation()
    {
        await using var admin = await stack.OpenAsync();
        await using var people = await admin.OpenAnotherAsync("user");
        var portal = await SignInAsAdminAsync(admin);
        var user = new DemoUser($"console-{Guid.NewGuid():N}@example.com", "Console#2026pw");

        await portal.GoToAsync("/admin");
        await portal.ById("create-user-link").ClickAsync();
        await portal.ById("Input_Email").FillAsync(user.Email);
        await portal.ById("Input_GivenName").FillAsync("Jiwoo");
        await portal.ById("Input_FamilyName").FillAsync("Han");
        await portal.ById("Input_Locale").SelectOptionAsync("ko-KR");
        await portal.ById("Input_Password").FillAsync(user.Password);
        await admin.ShootAtBothWidthsAsync("create-user");
        await portal.ById("create-user").ClickAsync();

        await Expect(portal.StatusMessage).ToBeVisibleAsync();
        await Expect(portal.ById("admin-user-email")).ToHaveTextAsync(user.Email);
        await admin.ShootAtBothWidthsAsync("created-user");
        await stack.Channel.SignInAsync(people.Page, user);
        await Expect(people.Page.Locator("#signed-in-user")).ToBeVisibleAsync();

        await portal.ById("disable-user").ClickAsync();
        await Expect(portal.ById("admin-user-state")).ToContainTextAsync("Disabled");
        await admin.ShootAsync("disabled-user");
        await using (var refused = await admin.OpenAnotherAsync("refused"))
        {
            await refused.Page.GotoAsync(stack.Channel.LaunchUri().AbsoluteUri);
            var signIn = new SignInPage(refused.Page);
            await signIn.SubmitAsync(user);
            await Expect(signIn.Error).ToBeVisibleAsync();
        }

        await portal.ById("enable-user").ClickAsync();
        await Expect(portal.ById("admin-user-state")).ToContainTextAsync("Active");
        await using (var again = await admin.OpenAnotherAsync("again"))
        {
            await stack.Channel.SignInAsync(again.Page, user);
            await Expect(again.Page.Locator("#signed-in-user")).ToBeVisibleAsync();
        }

        await portal.GoToAsync($"/admin/audit?user={Uri.EscapeDataString(user.Email)}&type=user_created");
        await Expect(portal.ById("audit-events").Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(portal.ById("audit-events").Locator(".audit-actor")).ToHaveTextAsync(DemoRealm.Admin.Email);
        await admin.ShootAtBothWidthsAsync("audit-log");

        var csv = await admin.DownloadAsync(portal.ById("export-csv"));
        Assert.EndsWith(".csv", csv.Name, StringComparison.Ordinal);
        var lines = csv.Text.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,occurred_at,type,user_id,user_email,actor_id,actor_email,client_id,session_id,ip_address,user_agent", lines[0]);
        var row = Assert.Single(lines[1..]);
        Assert.Contains($",user_created,", row, StringComparison.Ordinal);
        Assert.Contains($",{user.Email},", row, StringComparison.Ordinal);
        Assert.Contains($",{DemoRealm.Admin.Email},", row, StringComparison.Ordinal);

        var jsonLines = await admin.DownloadAsync(portal.ById("export-jsonl"));
        Assert.EndsWith(".jsonl", jsonLines.Name, StringComparison.Ordinal);
        var entry = JsonDocument.Parse(Assert.Single(jsonLines.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal("user_created", entry.GetProperty("type").GetString());
        Assert.Equal(user.Email, entry.GetProperty("user_email").GetString());
        Assert.Equal(DemoRealm.Admin.Email, entry.GetProperty("actor_email").GetString());
    }

    [Fact]
    public async Task Deleting_a_user_asks_for_confirmation_first_and_a_refusal_is_shown_next_to_its_form()
    {
        var user = await TestUsers.CreateAsync(stack.Identity);
        await using var admin = await stack.OpenAsync();
        var portal = await SignInAsAdminAsync(admin);
        await portal.GoToAsync($"/admin?query={Uri.EscapeDataString(user.Email)}");
        await admin.Page.Locator("#admin-users a").First.ClickAsync();

        // A taken address is refused next to the e-mail field; nothing changes.
        await portal.ById("Input_Email").FillAsync(DemoRealm.Alice.Email);
        await portal.ById("save-user").ClickAsync();
        await Expect(portal.ById("edit-error")).ToBeVisibleAsync();
        await Expect(admin.Page.Locator("#edit-user-form .field-error").First).Not.ToBeEmptyAsync();
        await admin.ShootAsync("email-taken");

        await portal.ById("delete-user-link").ClickAsync();
        await Expect(portal.ById("delete-user-warning")).ToContainTextAsync(user.Email);
        await admin.ShootAtBothWidthsAsync("confirm-delete");
        await portal.ById("cancel-delete-user").ClickAsync();
        await Expect(portal.ById("admin-user-email")).ToHaveTextAsync(user.Email);

        await portal.ById("delete-user-link").ClickAsync();
        await portal.ById("confirm-delete-user").ClickAsync();
        await Expect(portal.StatusMessage).ToBeVisibleAsync();
        await portal.GoToAsync($"/admin?query={Uri.EscapeDataString(user.Email)}");
        await Expect(portal.ById("no-users")).ToBeVisibleAsync();
    }

    private async Task<PortalPages> SignInAsAdminAsync(BrowserSession admin)
    {
        var portal = new PortalPages(admin.Page, stack.PortalUri);
        await portal.SignInAsync(DemoRealm.Admin, authenticator: stack.Identity.Authenticator);
        return portal;
    }
}
