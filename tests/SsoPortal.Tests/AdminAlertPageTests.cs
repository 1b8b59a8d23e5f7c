using System.Net;
using Aict.IdentityServer.Detection.Alerts;
using Aict.SsoPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.SsoPortal.Tests;

/// <summary>The console's alerts page, driven through the portal against a real IdentityServer that raised the alerts.</summary>
public sealed class AdminAlertPageTests(PortalAndIdentityServer servers) : IClassFixture<PortalAndIdentityServer>
{
    private IdentityServerFactory Identity => servers.Identity.Factory;

    [Fact]
    public async Task An_administrator_sees_an_open_alert_with_its_reasons_and_acknowledges_it()
    {
        using var admin = await AdministratorAsync();
        var alert = await RaiseAsync(SecurityAlertTypes.SmsPumping, AlertSeverities.High, "198.51.100.0/24");

        var page = await admin.GoAsync("/admin/alerts?type=sms_pumping&state=open");

        var row = page.Document.QuerySelector($"#alert-{alert.Id}");
        Assert.NotNull(row);
        Assert.Contains("198.51.100.0/24", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("more numbers than allowed", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("SMS pumping", row.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.Document.QuerySelector("label[for=alert-type]"));
        Assert.NotNull(page.Document.QuerySelector("label[for=alert-severity]"));
        Assert.NotNull(page.Document.QuerySelector("label[for=alert-state]"));
        Assert.Equal("page", page.Document.QuerySelector("#admin-nav-alerts")?.GetAttribute("aria-current"));

        var done = await admin.SubmitAsync(page, new Dictionary<string, string>(), $"#acknowledge-{alert.Id}");

        Assert.NotNull(done.Document.QuerySelector("#status-message"));
        Assert.Null(done.Document.QuerySelector($"#alert-{alert.Id}"));
        var acknowledged = await admin.GoAsync("/admin/alerts?type=sms_pumping&state=acknowledged");
        Assert.NotNull(acknowledged.Document.QuerySelector($"#alert-{alert.Id}"));
        Assert.Null(acknowledged.Document.QuerySelector($"#acknowledge-{alert.Id}"));
    }

    [Fact]
    public async Task The_page_speaks_korean_to_a_korean_browser()
    {
        using var admin = await AdministratorAsync();
        await RaiseAsync(SecurityAlertTypes.MfaFatigue, AlertSeverities.Medium, Guid.NewGuid().ToString());
        admin.Portal.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ko-KR");

        var page = await admin.GoAsync("/admin/alerts?type=mfa_fatigue");

        Assert.Equal("보안 경보", page.Document.QuerySelector("h1")?.TextContent.Trim());
        Assert.Contains("MFA 피로 공격", page.Document.QuerySelector("#alerts")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_who_is_not_an_administrator_gets_403()
    {
        var (portal, identity) = servers.CreateBrowsers();
        using var user = new UserAgent(portal, identity);
        await user.SignInAsync(await TestUsers.CreateAsync(Identity));

        var page = await user.GoAsync("/admin/alerts");

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.NotNull(page.Document.QuerySelector("#admin-only"));
    }

    private async Task<SecurityAlert> RaiseAsync(string type, string severity, string subject)
    {
        await using var scope = Identity.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<SecurityAlerts>().RaiseAsync(
            new SecurityAlertDraft(type, severity, ["more numbers than allowed", "window 60 min"], Subject: subject)))!;
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
