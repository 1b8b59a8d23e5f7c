using System.Net;
using System.Text.Json;
using Aict.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Aict.BrowserTests;

/// <summary>An administrator registering a partner system in the console and handing over its one-time secret.</summary>
[Collection(InBrowser.Name)]
public sealed class PortalClientConsoleTests(BrowserStack stack)
{
    [Fact]
    public async Task An_administrator_creates_a_client_and_its_secret_copied_from_the_page_gets_a_token()
    {
        await using var admin = await stack.OpenAsync();
        var portal = new PortalPages(admin.Page, stack.PortalUri);
        await portal.SignInAsync(DemoRealm.Admin, authenticator: stack.Identity.Authenticator);
        await portal.GoToAsync("/admin/clients");
        await portal.ById("new-client").ClickAsync();
        await Expect(portal.ById("client-form")).ToBeVisibleAsync();
        await admin.AssertFitsPhoneWidthAsync();

        var clientId = $"partner-{Guid.NewGuid():N}"[..20];
        await portal.ById("Client_ClientId").FillAsync(clientId);
        await portal.ById("Client_ClientName").FillAsync("Partner warehouse");
        await portal.ById("Client_GrantTypes_authorization_code").UncheckAsync();
        await portal.ById("Client_GrantTypes_client_credentials").CheckAsync();
        await portal.ById("Client_Scopes_openid").UncheckAsync();
        await portal.ById("Client_Scopes_products:read").CheckAsync();
        await admin.ShootAtBothWidthsAsync("new-client");
        await portal.ById("create-client").ClickAsync();

        await Expect(portal.ById("client-created")).ToBeVisibleAsync();
        var secret = (await portal.ById("client-secret").TextContentAsync())!.Trim();
        await admin.ShootAsync("secret-shown-once");
        using var backChannel = new HttpClient { BaseAddress = stack.IdentityUri };
        var token = await new TokenClient(backChannel).ClientCredentialsAsync(new DemoClient(clientId, secret, null, null), "products:read");
        Assert.Equal(HttpStatusCode.OK, token.Status);

        await portal.ById("open-client").ClickAsync();
        await Expect(portal.ById("client-facts")).ToContainTextAsync(clientId);
        await Expect(portal.ById("client-secret")).ToHaveCountAsync(0);
        await admin.ShootAtBothWidthsAsync("client-details");

        // The scopes page lists the new client among those allowed products:read, beside the API resources.
        await portal.ById("admin-nav-scopes").ClickAsync();
        await Expect(portal.ById("scope-products:read")).ToContainTextAsync(clientId);
        await Expect(portal.ById("api-resources")).ToContainTextAsync("commerce-api");
        await admin.AssertFitsPhoneWidthAsync();
        await admin.ShootAtBothWidthsAsync("scopes");

        // The audit export lists the creation, with the administrator as actor.
        await portal.GoToAsync($"/admin/audit?client={Uri.EscapeDataString(clientId)}&type=client_created");
        await Expect(portal.ById("audit-events").Locator("tbody tr")).ToHaveCountAsync(1);
        var export = await admin.DownloadAsync(portal.ById("export-jsonl"));
        var entry = JsonDocument.Parse(Assert.Single(export.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal("client_created", entry.GetProperty("type").GetString());
        Assert.Equal(clientId, entry.GetProperty("client_id").GetString());
        Assert.Equal(DemoRealm.Admin.Email, entry.GetProperty("actor_email").GetString());
    }
}
