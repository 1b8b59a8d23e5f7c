using System.Net.Http.Headers;
using System.Text.Json;
using Aict.IdentityServer.FunctionalTests.HostedPages;
using Aict.IdentityServer.FunctionalTests.SignUp;
using Aict.TestSupport.Robustness;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.Robustness;

/// <summary>
/// Every form and JSON endpoint of IdentityServer fed malformed, oversized, wrongly typed and
/// unicode-edge input: never a 500, and a refused request leaves the database as it was (the audit
/// trail, which records refusals, aside).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes the class through IAsyncLifetime.DisposeAsync.")]
public sealed class BadInputTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Sqlite();
    private IdentityServerFactory _factory = null!;
    private RobustnessProbe _probe = null!;

    public async Task InitializeAsync()
    {
        _factory = new IdentityServerFactory(_database);
        _probe = new RobustnessProbe(FingerprintAsync);
        using var client = _factory.CreateBackChannel();
        (await client.GetAsync("/.well-known/openid-configuration")).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task The_account_and_admin_APIs_never_answer_500_and_write_nothing_when_they_refuse()
    {
        var user = await PortalSession.SignInAsync(_factory, await TestUsers.CreateAsync(_factory));
        var admin = await PortalSession.SignInAsync(_factory, await MfaUsers.EnrolTotpAsync(_factory, await TestUsers.CreateAsync(_factory, role: "admin")));

        await _probe.ProbeJsonEndpointsAsync(_factory.Services, user.Api, endpoint => endpoint.RoutePattern.RawText!.StartsWith("/api/account", StringComparison.Ordinal));
        await _probe.ProbeJsonEndpointsAsync(_factory.Services, admin.Api, endpoint => endpoint.RoutePattern.RawText!.StartsWith("/api/admin", StringComparison.Ordinal));

        AssertNoFailures();
    }

    [Fact]
    public async Task The_protocol_endpoints_never_answer_500_and_write_nothing_when_they_refuse()
    {
        var client = _factory.CreateBackChannel();
        var tokens = await new CodeFlow(_factory).SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, "openid offline_access products:read"), DemoRealm.Carol);
        var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("channel-web:channel-web-dev-secret")));
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb);
        Dictionary<string, Dictionary<string, string>> forms = new()
        {
            ["/connect/token"] = new() { ["grant_type"] = "refresh_token", ["refresh_token"] = "not-a-token", ["scope"] = "openid" },
            ["/connect/revoke"] = new() { ["token"] = tokens.AccessToken!, ["token_type_hint"] = "access_token" },
            ["/connect/introspect"] = new() { ["token"] = tokens.AccessToken!, ["token_type_hint"] = "access_token" },
            ["/connect/authorize"] = new()
            {
                ["response_type"] = "code", ["client_id"] = "channel-web", ["redirect_uri"] = request.RedirectUri, ["scope"] = "openid",
                ["state"] = request.State, ["code_challenge"] = request.CodeChallenge, ["code_challenge_method"] = "S256", ["claims"] = "{}",
            },
            ["/connect/endsession"] = new() { ["id_token_hint"] = tokens.IdToken!, ["post_logout_redirect_uri"] = DemoRealm.ChannelWeb.PostLogoutRedirectUri!, ["state"] = "s" },
            ["/connect/userinfo"] = new() { ["access_token"] = tokens.AccessToken! },
        };

        foreach (var (path, valid) in forms)
        {
            foreach (var name in valid.Keys.Append("grant_type").Append("client_assertion").Distinct())
            {
                foreach (var value in BadInput.Texts)
                {
                    var fields = new Dictionary<string, string>(valid) { [name] = value };
                    await SendAsync(client, path, fields, basic, $"{name}={value}");
                }
            }
        }

        foreach (var (grant, fields) in new Dictionary<string, Dictionary<string, string>>
        {
            ["client_credentials"] = new() { ["grant_type"] = "client_credentials", ["scope"] = "products:read" },
            ["authorization_code"] = new() { ["grant_type"] = "authorization_code", ["code"] = "x", ["redirect_uri"] = request.RedirectUri, ["code_verifier"] = request.CodeVerifier },
        })
        {
            foreach (var name in fields.Keys)
            {
                foreach (var value in BadInput.Texts)
                {
                    await SendAsync(client, "/connect/token", new Dictionary<string, string>(fields) { [name] = value }, basic, $"{grant} {name}={value}");
                }
            }
        }

        await _probe.ProbeJsonEndpointsAsync(_factory.Services, client, endpoint => endpoint.RoutePattern.RawText!.StartsWith("/connect", StringComparison.Ordinal));
        // Past the initial access token: the registration endpoint's own checks of the body.
        var registering = _factory.CreateBackChannel();
        registering.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "aict-dev-initial-access-token");
        await _probe.ProbeJsonEndpointsAsync(_factory.Services, registering, endpoint => endpoint.RoutePattern.RawText!.StartsWith("/connect/register", StringComparison.Ordinal));
        AssertNoFailures();
    }

    [Fact]
    public async Task The_SCIM_endpoints_never_answer_500_and_write_nothing_when_they_refuse()
    {
        var scim = await ScimClient.ForAsync(_factory);

        await _probe.ProbeJsonEndpointsAsync(_factory.Services, scim.Http, endpoint => endpoint.RoutePattern.RawText!.StartsWith("/scim", StringComparison.Ordinal));

        AssertNoFailures();
    }

    [Fact]
    public async Task The_sign_in_pages_never_answer_500_and_write_nothing_when_they_refuse()
    {
        await _probe.ProbeFormsAsync(() => OpenAsync(new AuthorizationRequest(DemoRealm.ChannelWeb).Url));
        await _probe.ProbeFormsAsync(() => OpenAsync("/account/forgot-password"));
        var reset = await ResetMail.NewUserAsync(_factory.Services);
        await ResetMail.AskForLinkAsync(_factory.CreateBrowser(), reset.Email);
        var link = ResetMail.LinkIn(await ResetMail.MailToAsync(_factory.Services, reset.Email));
        await _probe.ProbeFormsAsync(() => OpenAsync(link));
        await _probe.ProbeFormsAsync(() => OpenAsync("/account/sign-up"));
        await _probe.ProbeFormsAsync(() => OpenAsync("/account/verify-email/resend"));
        var signUp = SignUpMail.NewAddress();
        await SignUpMail.SignUpAsync(_factory.CreateBrowser(), signUp);
        var verification = SignUpMail.VerificationLinkIn(await SignUpMail.MailToAsync(_factory.Services, signUp));
        await _probe.ProbeFormsAsync(() => OpenAsync(verification));

        // Each second-factor page is opened by a new account: wrong codes count towards the account's lockout.
        await _probe.ProbeFormsAsync(async () => await OpenAsync(new AuthorizationRequest(DemoRealm.ChannelWeb).Url, await MfaUsers.WithTotpAsync(_factory)));
        var requireMfa = await TestClients.CreateWebClientAsync(_factory, client => client.Properties["require_mfa"] = JsonSerializer.SerializeToElement(true));
        await _probe.ProbeFormsAsync(async () => await OpenAsync(new AuthorizationRequest(requireMfa, "openid").Url, await TestUsers.CreateAsync(_factory)));

        AssertNoFailures();
    }

    [Fact]
    public async Task The_consent_and_logout_pages_never_answer_500_and_write_nothing_when_they_refuse()
    {
        // A new account each time: a post may grant consent or sign out, which the next one must not find done.
        await _probe.ProbeFormsAsync(async () =>
            await OpenAsync(new AuthorizationRequest(DemoRealm.ChannelMobile, ConsentTests.ScopesAliceNeverGrants).Url, await TestUsers.CreateAsync(_factory)));
        await _probe.ProbeFormsAsync(async () =>
        {
            var flow = new CodeFlow(_factory);
            await flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb), await TestUsers.CreateAsync(_factory));
            return (flow.Browser, await flow.Browser.GoAsync("/connect/endsession"));
        });

        AssertNoFailures();
    }

    /// <summary>A new browser on <paramref name="url"/>, signed in with the password of <paramref name="user"/> when the sign-in page comes up.</summary>
    private async Task<(Browser, Navigation)> OpenAsync(string url, DemoUser? user = null)
    {
        var browser = _factory.CreateBrowser();
        var page = await browser.GoAsync(url);
        if (user is not null && page.Path == "/account/login")
        {
            page = await browser.SignInAsync(page, user.Email, user.Password);
        }

        return (browser, page);
    }

    private async Task SendAsync(HttpClient client, string path, Dictionary<string, string> fields, AuthenticationHeaderValue basic, string description)
    {
        var before = await FingerprintAsync();
        using var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        if (path is "/connect/token" or "/connect/revoke" or "/connect/introspect")
        {
            message.Headers.Authorization = basic;
        }

        using var response = await client.SendAsync(message);
        var status = (int)response.StatusCode;
        Assert.True(status < 500, $"POST {path} with {Shorten(description)}: {status} {await response.Content.ReadAsStringAsync()}");
        if (status >= 400)
        {
            var changed = DatabaseFingerprint.Changed(before, await FingerprintAsync());
            Assert.True(changed.Count == 0, $"POST {path} with {Shorten(description)}: {status} but {string.Join(", ", changed)} changed");
        }
    }

    private Task<IReadOnlyDictionary<string, string>> FingerprintAsync() => DatabaseFingerprint.ComputeAsync(_factory);

    private void AssertNoFailures() => _probe.AssertNoFailures();

    private static string Shorten(string value) => value.Length <= 80 ? value : $"{value[..60]}… ({value.Length} chars)";
}
