using System.Net;
using Aict.BrowserTests.Infrastructure;
using Aict.IdentityServer.Detection.Alerts;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Aict.BrowserTests;

/// <summary>An administrator reviewing the security alerts the server raised, from the portal's console.</summary>
[Collection(InBrowser.Name)]
public sealed class PortalAlertTests(BrowserStack stack)
{
    [Fact]
    public async Task An_administrator_finds_an_open_alert_and_acknowledges_it()
    {
        var subject = "198.51.100.0/24 " + Guid.NewGuid().ToString("N")[..8];
        long id;
        await using (var scope = stack.Identity.Services.CreateAsyncScope())
        {
            id = (await scope.ServiceProvider.GetRequiredService<SecurityAlerts>().RaiseAsync(new SecurityAlertDraft(
                SecurityAlertTypes.SmsPumping, AlertSeverities.High, ["more than 10 distinct numbers from one network", "window 60 min"],
                Subject: subject, Address: IPAddress.Parse("198.51.100.7"))))!.Id;
        }

        await using var admin = await stack.OpenAsync();
        var portal = new PortalPages(admin.Page, stack.PortalUri);
        await portal.SignInAsync(DemoRealm.Admin, authenticator: stack.Identity.Authenticator);
        await portal.GoToAsync("/admin");
        await portal.ById("admin-nav-alerts").ClickAsync();
        await admin.Page.SelectOptionAsync("#alert-type", "sms_pumping");
        await admin.Page.SelectOptionAsync("#alert-state", "open");
        await portal.ById("alert-search").ClickAsync();

        await Expect(portal.ById($"alert-{id}")).ToContainTextAsync(subject);
        await Expect(portal.ById($"alert-{id}")).ToContainTextAsync("more than 10 distinct numbers from one network");
        await admin.ShootAtBothWidthsAsync("admin-alerts");
        await portal.ById($"acknowledge-{id}").ClickAsync();

        await Expect(portal.StatusMessage).ToBeVisibleAsync();
        await Expect(portal.ById($"alert-{id}")).ToHaveCountAsync(0);
        await admin.Page.SelectOptionAsync("#alert-state", "acknowledged");
        await portal.ById("alert-search").ClickAsync();
        await Expect(portal.ById($"alert-{id}")).ToContainTextAsync(subject);
        await Expect(portal.ById($"acknowledge-{id}")).ToHaveCountAsync(0);
    }
}
