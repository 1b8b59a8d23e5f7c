using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Aict.SsoPortal.Tests.Infrastructure;

namespace Aict.SsoPortal.Tests;

/// <summary>
/// The console's client and scope pages against a real IdentityServer: a client created on the page works with the
/// secret the page showed once, IdentityServer's refusals appear beside their fields, the portal's own client offers
/// no way to switch it off.
/// </summary>
public sealed class AdminClientPagesTests(PortalAndIdentityServer servers) : IClassFixture<PortalAndIdentityServer>
{
    private IdentityServerFactory Identity => servers.Identity.Factory;

    [Fact]
    public async Task A_client_created_on_the_page_gets_a_token_with_the_secret_shown_once()
    {
        using var admin = await SignInAdministratorAsync();
        var clientId = $"console-{Guid.NewGuid():N}";

        var (status, created, headers) = await PostFormAsync(admin, "/admin/clients/create", "#client-form",
        [
            new("Client.ClientId", clientId), new("Client.ClientName", "Reporting job"), new("Client.ApplicationType", "web"),
            new("Client.GrantTypes", "client_credentials"), new("Client.TokenEndpointAuthMethod", "client_secret_basic"),
            new("Client.Scopes", "products:read"), new("Client.ConsentType", "explicit"),
        ]);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("no-store", headers.CacheControl?.ToString());
        var secret = created.QuerySelector("#client-secret")?.TextContent.Trim();
        Assert.False(string.IsNullOrEmpty(secret), created.Body?.TextContent);
        var token = await new TokenClient(Identity.CreateBackChannel()).ClientCredentialsAsync(new DemoClient(clientId, secret, null, null), "products:read");
        Assert.Equal(HttpStatusCode.OK, token.Status);
        var details = await admin.GoAsync($"/admin/clients/{clientId}");
        Assert.Equal(HttpStatusCode.OK, details.Status);
        Assert.DoesNotContain(secret!, details.Html, StringComparison.Ordinal);
        Assert.Null(details.Document.QuerySelector("#client-secret"));
        Assert.NotNull(details.Document.QuerySelector("#rotate-secret"));
    }

    [Fact]
    public async Task A_redirect_uri_IdentityServer_refuses_is_shown_beside_its_field()
    {
        using var admin = await SignInAdministratorAsync();

        var (status, page, _) = await PostFormAsync(admin, "/admin/clients/create", "#client-form",
        [
            new("Client.GrantTypes", "authorization_code"), new("Client.TokenEndpointAuthMethod", "client_secret_basic"),
            new("Client.RedirectUris", "https://app.example/callback#fragment"), new("Client.Scopes", "openid"),
        ]);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(page.QuerySelector("#client-error"));
        Assert.Contains("fragment", page.QuerySelector("[data-valmsg-for='Client.RedirectUris']")?.TextContent);
        Assert.Equal("https://app.example/callback#fragment", page.QuerySelector("#Client_RedirectUris")?.TextContent.Trim());
    }

    [Fact]
    public async Task The_portals_own_client_offers_no_disable_delete_or_new_secret()
    {
        using var admin = await SignInAdministratorAsync();

        var page = await admin.GoAsync("/admin/clients/sso-portal");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.Document.QuerySelector("#client-protected"));
        Assert.Null(page.Document.QuerySelector("#disable-client"));
        Assert.Null(page.Document.QuerySelector("#delete-client"));
        Assert.Null(page.Document.QuerySelector("#rotate-secret"));
        Assert.NotNull((await admin.GoAsync("/admin/clients")).Document.QuerySelector("#client-sso-portal"));
    }

    [Fact]
    public async Task A_scope_created_on_the_scopes_page_is_listed_with_its_api_resource()
    {
        using var admin = await SignInAdministratorAsync();
        var name = $"reports:{Guid.NewGuid():N}"[..20];

        var (status, _, _) = await PostFormAsync(admin, "/admin/scopes", "#new-scope-form",
            [new("NewScope.Name", name), new("NewScope.DisplayName", "Reports"), new("NewScope.Resources", "reports-api")]);

        Assert.Equal(HttpStatusCode.Redirect, status);
        var page = await admin.GoAsync("/admin/scopes");
        Assert.NotNull(page.Document.GetElementById($"scope-{name}"));
        Assert.Contains(name, page.Document.GetElementById("resource-reports-api")?.NextElementSibling?.TextContent);
    }

    [Fact]
    public async Task A_user_who_is_not_an_administrator_gets_no_client_or_scope_forms()
    {
        var (portal, identity) = servers.CreateBrowsers();
        using var user = new UserAgent(portal, identity);
        await user.SignInAsync(await TestUsers.CreateAsync(Identity));

        foreach (var path in new[] { "/admin/clients", "/admin/clients/create", "/admin/clients/sso-portal", "/admin/scopes" })
        {
            var page = await user.GoAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, page.Status);
            Assert.NotNull(page.Document.QuerySelector("#admin-only"));
            Assert.Null(page.Document.QuerySelector("#client-form, #new-scope-form, #admin-clients, #admin-scopes"));
        }
    }

    private async Task<UserAgent> SignInAdministratorAsync()
    {
        var admin = await MfaUsers.EnrolTotpAsync(Identity, await TestUsers.CreateAsync(Identity, role: "admin"));
        var (portal, identity) = servers.CreateBrowsers();
        var agent = new UserAgent(portal, identity);
        var page = await agent.SignInAsync(admin, "/admin/clients");
        if (page.Path.Equals("/account/mfa", StringComparison.OrdinalIgnoreCase))
        {
            await agent.SubmitAsync(page, new Dictionary<string, string> { ["Code"] = Identity.Authenticator.NextCode(admin.TotpSecret!) }, "button[type=submit]");
        }

        return agent;
    }

    /// <summary>Posts the form with exactly these fields (checkbox lists repeat a name) and its antiforgery token; no redirect is followed.</summary>
    private static async Task<(HttpStatusCode Status, IHtmlDocument Page, System.Net.Http.Headers.HttpResponseHeaders Headers)> PostFormAsync(
        UserAgent agent, string path, string formSelector, List<KeyValuePair<string, string>> fields)
    {
        var page = await agent.GoAsync(path);
        var form = page.Document.QuerySelector(formSelector) as IHtmlFormElement ?? throw new InvalidOperationException($"No {formSelector} on {page.Url}:\n{page.Html}");
        var token = form.Elements.OfType<IHtmlInputElement>().Single(input => input.Name == "__RequestVerificationToken").Value;
        var target = new Uri(page.Url, form.GetAttribute("action") ?? page.Url.PathAndQuery);
        using var response = await agent.Portal.Http.PostAsync(target, new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", token)]));
        return (response.StatusCode, new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync()), response.Headers);
    }
}
