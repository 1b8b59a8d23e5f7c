using Microsoft.AspNetCore.Mvc.Testing;

namespace Aict.SsoPortal.Tests.Infrastructure;

/// <summary>
/// A real IdentityServer (SQLite, in memory) and a portal whose OIDC handler reaches it in memory; the portal
/// answers as http://localhost:5300, the address registered for <c>sso-portal</c>.
/// </summary>
public class PortalAndIdentityServer : IAsyncLifetime
{
    public static readonly Uri PortalAddress = new("http://localhost:5300/");

    public PortalAndIdentityServer()
        : this(new SqliteServer())
    {
    }

    /// <summary>For fixtures whose IdentityServer needs settings of its own.</summary>
    protected PortalAndIdentityServer(ServerFixture identity)
    {
        Identity = identity;
        Portal = PortalFactory.WithIdentityServer(Identity.Factory);
    }

    public ServerFixture Identity { get; }

    public PortalFactory Portal { get; }

    /// <summary>A browser for each site, as the user's one browser keeps cookies per site.</summary>
    public (Browser Portal, Browser Identity) CreateBrowsers() =>
        (new Browser(Portal.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = true,
            BaseAddress = PortalAddress,
        })), Identity.Factory.CreateBrowser());

    public Task InitializeAsync() => Identity.InitializeAsync();

    public async Task DisposeAsync()
    {
        await Portal.DisposeAsync();
        await Identity.DisposeAsync();
    }
}

/// <summary>One user's browser across the portal and IdentityServer: follows redirects from one site to the other.</summary>
public sealed class UserAgent(Browser portal, Browser identity) : IDisposable
{
    public Browser Portal => portal;

    public Browser Identity => identity;

    /// <summary>Opens a portal page and follows the hops between the two sites until a page shows.</summary>
    public Task<Navigation> GoAsync(string url) => SettleAsync(portal.GoAsync(url));

    /// <summary>Opens an IdentityServer page (a link on one of its pages) and follows the hops until a page shows.</summary>
    public Task<Navigation> GoOnIdentityServerAsync(string url) => SettleAsync(identity.GoAsync(url));

    public Task<Navigation> SubmitAsync(Navigation page, IReadOnlyDictionary<string, string> fields, string button) =>
        SettleAsync(BrowserFor(page.Url).SubmitAsync(page, fields, button));

    /// <summary>Signs in on IdentityServer's page if it shows, and follows back to the portal.</summary>
    public async Task<Navigation> SignInAsync(DemoUser user, string url = "/")
    {
        var page = await GoAsync(url);
        return page.Path == "/account/login" ? await SettleAsync(identity.SignInAsync(page, user.Email, user.Password)) : page;
    }

    /// <summary>Signs in on IdentityServer's page that <paramref name="loginPage"/> shows, and follows back to the portal.</summary>
    public Task<Navigation> SignInAsync(Navigation loginPage, DemoUser user) =>
        SettleAsync(identity.SignInAsync(loginPage, user.Email, user.Password));

    public void Dispose()
    {
        portal.Dispose();
        identity.Dispose();
    }

    private async Task<Navigation> SettleAsync(Task<Navigation> navigation)
    {
        var page = await navigation;
        for (var hops = 0; page.LeftTo is { } next && hops < 10; hops++)
        {
            if (next.Authority != PortalAndIdentityServer.PortalAddress.Authority && next.Authority != new Uri(IdentityServerFactory.Issuer).Authority)
            {
                return page;
            }

            page = await BrowserFor(next).GoAsync(next.AbsoluteUri);
        }

        return page;
    }

    private Browser BrowserFor(Uri url) => url.Authority == PortalAndIdentityServer.PortalAddress.Authority ? portal : identity;
}
