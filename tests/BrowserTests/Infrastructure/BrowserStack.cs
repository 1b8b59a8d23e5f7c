using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;

namespace Aict.BrowserTests.Infrastructure;

/// <summary>
/// What a browser test runs against, started once per collection on real loopback sockets: IdentityServer
/// (SQLite, demo realm), CommerceApi, the SSO portal, the test channel registered as a client, and one headless Chromium.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "A stack of services, not a Stack<T>.")]
public sealed class BrowserStack : IAsyncLifetime
{
    public const string ChannelClientId = "test-channel";

    // Debian's Chromium: Playwright's own browser download is never used (NOTES.md).
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private readonly TestDatabase _identityDatabase = TestDatabase.Sqlite();
    private readonly HttpClient _commerceClient = new();
    private IdentityServerFactory? _identity;
    private CommerceApiHost? _commerce;
    private SsoPortalHost? _portal;
    private TestChannel? _channel;
    private FakeTwilio? _twilio;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IdentityServerFactory Identity => _identity ?? throw NotStarted();

    /// <summary>IdentityServer's base address, which is also its issuer: <c>http://localhost:PORT/</c>.</summary>
    public Uri IdentityUri { get; private set; } = null!;

    public Uri CommerceUri { get; private set; } = null!;

    /// <summary>The running CommerceApi, for seeding its catalogue and reading its settings.</summary>
    internal CommerceApiHost Commerce => _commerce ?? throw NotStarted();

    /// <summary>The SSO portal, <c>http://localhost:PORT/</c>, registered at IdentityServer as <c>sso-portal</c>.</summary>
    public Uri PortalUri { get; private set; } = null!;

    public TestChannel Channel => _channel ?? throw NotStarted();

    /// <summary>Where IdentityServer's SMS go, through the real Twilio SDK: the tests read the codes here.</summary>
    public FakeTwilio Twilio => _twilio ?? throw NotStarted();

    /// <summary>A fresh browser context for one test; screenshots go to a folder named after the test.</summary>
    public async Task<BrowserSession> OpenAsync([CallerMemberName] string testName = "", string locale = "en-US") =>
        await BrowserSession.OpenAsync(_browser ?? throw NotStarted(), Screenshots.For(testName), label: "", locale);

    /// <summary>The status CommerceApi answers to <c>GET /api/orders</c> with this bearer token.</summary>
    public async Task<HttpStatusCode> OrdersStatusAsync(string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(CommerceUri, "/api/orders"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await _commerceClient.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Waits (10 s at most) until CommerceApi refuses the token: revocation reaches it through Redis.</summary>
    public async Task AssertRefusedByCommerceApiAsync(string accessToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        HttpStatusCode status;
        while ((status = await OrdersStatusAsync(accessToken)) != HttpStatusCode.Unauthorized && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    public async Task InitializeAsync()
    {
        // Chromium starts while the hosts do.
        var launch = LaunchChromiumAsync();
        _twilio = await FakeTwilio.StartAsync();
        // Passkeys are made in the portal and used at IdentityServer: both origins are known before either starts.
        var (identityPort, portalPort) = (KestrelHosting.FreePort(), KestrelHosting.FreePort());
        _identity = new IdentityServerFactory(_identityDatabase, new Dictionary<string, string?>(_twilio.Settings())
        {
            // Its throwaway Data Protection keys need no at-rest encryption warning in the output.
            ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
            ["Server:Issuer"] = $"http://localhost:{identityPort}/",
            ["Mfa:Passkeys:Origins:0"] = $"http://localhost:{identityPort}",
            ["Mfa:Passkeys:Origins:1"] = $"http://localhost:{portalPort}",
        });
        IdentityUri = KestrelHosting.StartOnLocalhost(_identity, identityPort);
        _commerce = new CommerceApiHost(IdentityUri, _identity.RevocationPrefix);
        CommerceUri = KestrelHosting.StartOnLocalhost(_commerce);
        _portal = new SsoPortalHost(IdentityUri);
        PortalUri = KestrelHosting.StartOnLocalhost(_portal, portalPort);
        await ClientRegistrations.PointSsoPortalAtAsync(_identity, PortalUri);
        _channel = await TestChannel.StartAsync(IdentityUri, CommerceUri, ChannelClientId, $"{ChannelClientId}-secret");
        await ClientRegistrations.RegisterAsync(_identity, _channel);
        await KestrelHosting.WaitUntilHealthyAsync(CommerceUri);
        (_playwright, _browser) = await launch;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        _commerceClient.Dispose();
        foreach (var host in new IAsyncDisposable?[] { _channel, _portal, _commerce, _identity, _twilio })
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }

        await _identityDatabase.DisposeAsync();
    }

    private static async Task<(IPlaywright, IBrowser)> LaunchChromiumAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ChromiumArgs,
        });
        return (playwright, browser);
    }

    private static InvalidOperationException NotStarted() => new("The browser stack has not started.");
}

[CollectionDefinition(Name)]
public sealed class InBrowser : ICollectionFixture<BrowserStack>
{
    public const string Name = "Browser";
}
