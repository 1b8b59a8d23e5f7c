using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aict.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Aict.BrowserTests;

/// <summary>An administrator hands a partner a registration token from the console; the partner registers a client with it.</summary>
[Collection(InBrowser.Name)]
public sealed class PortalRegistrationTokenTests(BrowserStack stack)
{
    private static readonly string[] PartnerRedirects = ["https://partner.example/callback"];

    [Fact]
    public async Task An_administrator_creates_a_token_a_partner_registers_a_client_with_it_and_the_list_shows_one_use()
    {
        var name = $"Partner {Guid.NewGuid():N}"[..20];
        await using var admin = await stack.OpenAsync();
        var portal = new PortalPages(admin.Page, stack.PortalUri);
        await portal.SignInAsync(DemoRealm.Admin, authenticator: stack.Identity.Authenticator);
        await portal.GoToAsync("/admin/registration-tokens");
        await Expect(portal.ById("admin-nav-registration")).ToHaveAttributeAsync("aria-current", "page");

        await admin.Page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await admin.Page.GetByLabel("Expires in (days)").FillAsync("3");
        await portal.ById("scope-products-read").CheckAsync();
        await portal.ById("create-token").ClickAsync();
        var token = (await portal.ById("new-token-value").InnerTextAsync()).Trim();
        await admin.ShootAtBothWidthsAsync("token-created");

        var registration = await RegisterAsync(token);
        await portal.GoToAsync("/admin/registration-tokens");
        var entry = admin.Page.Locator("#registration-tokens li.item", new() { HasText = name });

        Assert.Equal(HttpStatusCode.Created, registration.StatusCode);
        await Expect(entry.Locator("dd[id$='-uses']")).ToHaveTextAsync("1");
        await Expect(entry.Locator("dd[id$='-state']")).ToContainTextAsync("Expired or used up");
        await Expect(admin.Page.Locator("#new-token-value")).ToHaveCountAsync(0);
        await admin.AssertFitsPhoneWidthAsync();
    }

    [Fact]
    public async Task An_administrator_revokes_a_token_after_confirming_and_it_registers_nothing_more()
    {
        var name = $"Revoked {Guid.NewGuid():N}"[..20];
        await using var admin = await stack.OpenAsync(locale: "ko-KR");
        var portal = new PortalPages(admin.Page, stack.PortalUri);
        await portal.SignInAsync(DemoRealm.Admin, language: "ko", authenticator: stack.Identity.Authenticator);
        await portal.GoToAsync("/admin/registration-tokens");
        await admin.Page.GetByLabel("이름", new() { Exact = true }).FillAsync(name);
        await portal.ById("token-multi-use").CheckAsync();
        await portal.ById("create-token").ClickAsync();
        var token = (await portal.ById("new-token-value").InnerTextAsync()).Trim();
        var entry = admin.Page.Locator("#registration-tokens li.item", new() { HasText = name });

        await entry.Locator("a[id^='revoke-']").ClickAsync();
        await Expect(portal.ById("confirm-revoke")).ToContainTextAsync(name);
        await admin.ShootAtBothWidthsAsync("confirm-revoke");
        await portal.ById("confirm-revoke-token").ClickAsync();

        await Expect(portal.StatusMessage).ToBeVisibleAsync();
        await Expect(admin.Page.Locator("#registration-tokens li.item", new() { HasText = name }).Locator("dd[id$='-state']")).ToContainTextAsync("폐기됨");
        Assert.Equal(HttpStatusCode.Unauthorized, (await RegisterAsync(token)).StatusCode);
    }

    private async Task<HttpResponseMessage> RegisterAsync(string token)
    {
        using var http = new HttpClient { BaseAddress = stack.IdentityUri };
        using var request = new HttpRequestMessage(HttpMethod.Post, "connect/register")
        {
            Content = JsonContent.Create(new Dictionary<string, object>
            {
                ["client_name"] = "Partner app",
                ["redirect_uris"] = PartnerRedirects,
                ["scope"] = "openid products:read",
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await http.SendAsync(request);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Unauthorized,
            $"{response.StatusCode}: {JsonSerializer.Serialize(await response.Content.ReadAsStringAsync())}");
        return response;
    }
}
