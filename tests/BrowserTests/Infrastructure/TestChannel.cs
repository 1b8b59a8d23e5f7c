using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Aict.BrowserTests.Infrastructure;

/// <summary>
/// A small relying party standing in for the channel-web sample: the standard OpenID Connect handler
/// (confidential, code + PKCE) on a real loopback port, with a third-party-initiated login endpoint.
/// </summary>
public sealed class TestChannel : IAsyncDisposable
{
    public const string CookieName = "aict.testchannel";
    public const string Scopes = "openid profile orders:read orders:write";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<LogoutNotice> _notices = new();

    private TestChannel(Uri authority, Uri commerce, string clientId, string clientSecret)
    {
        Authority = authority;
        Commerce = commerce;
        ClientId = clientId;
        ClientSecret = clientSecret;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(TestChannel).Assembly.GetName().Name,
            EnvironmentName = "Development",
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        // Throwaway keys in memory: nothing written to the user's key ring.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(options =>
            {
                // Every host of the stack is on localhost, and cookies ignore ports: the name keeps them apart.
                options.Cookie.Name = CookieName;
                options.Cookie.SameSite = SameSiteMode.Lax;
            })
            .AddOpenIdConnect(options => ConfigureOidc(options));
        builder.Services.AddAuthorization();
        builder.Services.AddHttpClient(TestChannelOrders.CommerceClient, client => client.BaseAddress = commerce);
        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapTestChannelPages(this);
        _app.MapTestChannelOrders();
    }

    public Uri Authority { get; }

    /// <summary>CommerceApi, where the channel places orders with the user's access token.</summary>
    public Uri Commerce { get; }

    public string ClientId { get; }

    public string ClientSecret { get; }

    /// <summary><c>http://localhost:PORT/</c>, known once started.</summary>
    public Uri Origin { get; private set; } = null!;

    /// <summary>The third-party-initiated login endpoint (OIDC Core §4), registered as <c>initiate_login_uri</c>.</summary>
    public Uri LoginUri => new(Origin, "/login");

    public Uri BackchannelLogoutUri => new(Origin, "/backchannel-logout");

    /// <summary>The back-channel logout notices received so far.</summary>
    public IReadOnlyList<LogoutNotice> Notices => [.. _notices];

    public static async Task<TestChannel> StartAsync(Uri authority, Uri commerce, string clientId, string clientSecret)
    {
        var channel = new TestChannel(authority, commerce, clientId, clientSecret);
        await channel._app.StartAsync();
        channel.Origin = KestrelHosting.OnLocalhost(channel._app.Urls.Single());
        return channel;
    }

    /// <summary>The launch URL an app launcher would open: the login endpoint with this realm's issuer.</summary>
    public Uri LaunchUri(string? uiLocales = null) =>
        new($"{LoginUri}?iss={Uri.EscapeDataString(Authority.ToString())}" + (uiLocales is null ? "" : $"&ui_locales={uiLocales}"));

    /// <summary>Signs the user in at the channel through IdentityServer's sign-in page, in the page's browser context.</summary>
    public async Task SignInAsync(IPage page, DemoUser user)
    {
        await page.GotoAsync(LaunchUri().AbsoluteUri);
        await new SignInPage(page).SubmitAsync(user);
        await Assertions.Expect(page.Locator("#signed-in-user")).ToBeVisibleAsync();
    }

    /// <summary>The channel's order page: places the order with the user's token, stepping up when CommerceApi asks (RFC 9470).</summary>
    public Uri OrderUri(Guid productId, int quantity, string idempotencyKey) =>
        new(Origin, $"/order?product={productId}&quantity={quantity}&key={Uri.EscapeDataString(idempotencyKey)}");

    /// <summary>The access token the channel holds for the browser's session (a test-only page of the channel).</summary>
    public Task<string> AccessTokenOfAsync(IBrowserContext browser) => ReadTestPageAsync(browser, "/access-token");

    /// <summary>The ID token of the browser's sign-in at the channel, to read how the user authenticated (amr, acr).</summary>
    public async Task<JsonWebToken> IdTokenOfAsync(IBrowserContext browser) => new(await ReadTestPageAsync(browser, "/id-token"));

    /// <summary>The IdentityServer session id (<c>sid</c>) of the browser's sign-in at the channel.</summary>
    public Task<string> SessionIdOfAsync(IBrowserContext browser) => ReadTestPageAsync(browser, "/session-id");

    /// <summary>Waits (10 s at most) for a back-channel logout notice for the given session.</summary>
    public async Task<LogoutNotice> WaitForLogoutNoticeAsync(string sessionId) =>
        (await Eventually.MatchAsync(() => Task.FromResult(_notices.FirstOrDefault(notice => notice.SessionId == sessionId)),
            notice => notice is not null, $"a back-channel logout notice for session {sessionId}", seconds: 10))!;

    // Through the browser context's own cookies, as the page would fetch it.
    private async Task<string> ReadTestPageAsync(IBrowserContext browser, string path)
    {
        var response = await browser.APIRequest.GetAsync(new Uri(Origin, path).AbsoluteUri,
            new APIRequestContextOptions { MaxRedirects = 0 });
        Assert.True(response.Ok, $"{path} of the test channel answered {response.Status}: is this browser signed in there?");
        return await response.TextAsync();
    }

    internal void Record(LogoutNotice notice) => _notices.Enqueue(notice);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void ConfigureOidc(OpenIdConnectOptions options)
    {
        options.Authority = Authority.ToString();
        options.RequireHttpsMetadata = false;
        options.ClientId = ClientId;
        options.ClientSecret = ClientSecret;
        options.ResponseType = "code";
        options.UsePkce = true;
        // The handler's default response_mode=form_post: IdentityServer's CSP must let OpenIddict's auto-submitting page run.
        options.ResponseMode = "form_post";
        options.Scope.Clear();
        foreach (var scope in Scopes.Split(' '))
        {
            options.Scope.Add(scope);
        }

        options.SaveTokens = true;
        options.GetClaimsFromUserInfoEndpoint = true;
        options.MapInboundClaims = false;
        options.TokenValidationParameters.NameClaimType = "name";
        // Plain http on localhost: Lax cookies without Secure, which a SameSite=None cookie would need.
        options.CorrelationCookie.SameSite = SameSiteMode.Lax;
        options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.NonceCookie.SameSite = SameSiteMode.Lax;
        options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.Events.OnRedirectToIdentityProvider = context =>
        {
            if (context.Properties.Items.TryGetValue("ui_locales", out var locales))
            {
                context.ProtocolMessage.UiLocales = locales;
            }

            if (context.Properties.Items.TryGetValue(TestChannelOrders.AcrValuesItem, out var acrValues))
            {
                context.ProtocolMessage.AcrValues = acrValues;
            }

            return Task.CompletedTask;
        };
    }
}

/// <summary>One back-channel logout notice: the session (<c>sid</c>) and user (<c>sub</c>) its logout token names.</summary>
public sealed record LogoutNotice(string? SessionId, string? Subject);
