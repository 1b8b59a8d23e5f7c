using Aict.SsoPortal.Tests.Infrastructure;
using Aict.TestSupport.Robustness;

namespace Aict.SsoPortal.Tests.Robustness;

/// <summary>
/// Every form of the portal's pages, and its back-channel logout endpoint, fed malformed, oversized and
/// unicode-edge values: never a 500, and a refused change leaves IdentityServer's database as it was.
/// Its own servers, so that no other test changes the database meanwhile.
/// </summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private readonly PortalAndIdentityServer _servers = new();
    private RobustnessProbe _probe = null!;

    private IdentityServerFactory Identity => _servers.Identity.Factory;

    public async Task InitializeAsync()
    {
        await _servers.InitializeAsync();
        _probe = new RobustnessProbe(() => DatabaseFingerprint.ComputeAsync(Identity));
    }

    public Task DisposeAsync() => _servers.DisposeAsync();

    [Fact]
    public async Task The_account_pages_never_answer_500_and_write_nothing_when_they_refuse()
    {
        foreach (var path in new[] { "/profile", "/sessions", "/apps", "/security/text-message" })
        {
            var user = await TestUsers.CreateAsync(Identity);
            var agent = NewAgent();
            await _probe.ProbeFormsAsync(async () => (agent.Portal, await agent.SignInAsync(user, path)));
        }

        _probe.AssertNoFailures();
    }

    [Fact]
    public async Task The_second_factor_pages_never_answer_500_and_write_nothing_when_they_refuse()
    {
        // Set-up forms appear once a set-up has begun; each attempt begins its own.
        var user = await TestUsers.CreateAsync(Identity);
        var agent = NewAgent();
        await _probe.ProbeFormsAsync(async () =>
        {
            var page = await agent.SignInAsync(user, "/security/authenticator");
            return (agent.Portal, await agent.SubmitAsync(page, new Dictionary<string, string>(), "#begin-totp"));
        });
        var phone = await TestUsers.CreateAsync(Identity);
        var phoneAgent = NewAgent();
        await _probe.ProbeFormsAsync(async () =>
        {
            var page = await phoneAgent.SignInAsync(phone, "/security/text-message");
            return page.Document.QuerySelector("#phone-code-form") is null
                ? (phoneAgent.Portal, await phoneAgent.SubmitAsync(page, new Dictionary<string, string> { ["Phone.PhoneNumber"] = "+82 10-5555-0101" }, "#send-phone-code"))
                : (phoneAgent.Portal, page);
        });
        var withFactor = await MfaUsers.WithTotpAsync(Identity);
        var factorAgent = NewAgent();
        await _probe.ProbeFormsAsync(async () => (factorAgent.Portal, await SignInWithCodeAsync(factorAgent, withFactor, "/security/recovery-codes")));

        _probe.AssertNoFailures();
    }

    [Fact]
    public async Task The_registration_tokens_page_never_answers_500_and_writes_nothing_when_it_refuses()
    {
        var admin = await MfaUsers.EnrolTotpAsync(Identity, await TestUsers.CreateAsync(Identity, role: "admin"));
        var agent = NewAgent();
        var signedIn = false;
        await _probe.ProbeFormsAsync(async () =>
        {
            // Signed in once (each authenticator code is good once); the page is opened again before each post.
            var page = signedIn ? await agent.GoAsync("/admin/registration-tokens") : await SignInWithCodeAsync(agent, admin, "/admin/registration-tokens");
            signedIn = true;
            return (agent.Portal, page);
        });

        _probe.AssertNoFailures();
    }

    [Fact]
    public async Task The_client_and_scope_pages_never_answer_500_and_write_nothing_when_they_refuse()
    {
        var admin = await MfaUsers.EnrolTotpAsync(Identity, await TestUsers.CreateAsync(Identity, role: "admin"));
        var agent = NewAgent();
        await SignInWithCodeAsync(agent, admin, "/admin/clients");
        var client = await TestClients.CreateMachineClientAsync(Identity);
        foreach (var path in new[] { "/admin/clients/create", $"/admin/clients/{client.ClientId}", "/admin/scopes", "/admin/scopes?edit=products:write" })
        {
            await _probe.ProbeFormsAsync(async () => (agent.Portal, await agent.GoAsync(path)));
        }

        _probe.AssertNoFailures();
    }

    [Fact]
    public async Task The_admin_console_pages_never_answer_500_and_write_nothing_when_they_refuse()
    {
        var admin = await MfaUsers.EnrolTotpAsync(Identity, await TestUsers.CreateAsync(Identity, role: "admin"));
        var agent = NewAgent();
        Assert.Equal("/admin", (await SignInWithCodeAsync(agent, admin, "/admin")).Path);
        var userId = await TestUsers.IdOfAsync(Identity, await TestUsers.CreateAsync(Identity));

        // Not the delete confirmation: its one form deletes the account, after which there is no page to probe.
        foreach (var path in new[] { "/admin", "/admin/users/new", "/admin/roles", "/admin/audit", $"/admin/users/{userId}" })
        {
            await _probe.ProbeFormsAsync(async () => (agent.Portal, await agent.GoAsync(path)));
        }

        _probe.AssertNoFailures();
    }

    [Fact]
    public async Task The_back_channel_logout_endpoint_never_answers_500()
    {
        using var client = _servers.Portal.CreateClient();
        foreach (var value in BadInput.Texts.Concat(["e30.e30.", "eyJhbGciOiJub25lIn0.e30.", "a.b.c.d.e", new string('.', 10_000)]))
        {
            foreach (var name in new[] { "logout_token", "other" })
            {
                using var response = await client.PostAsync("/backchannel-logout", new FormUrlEncodedContent([new(name, value)]));
                Assert.True((int)response.StatusCode < 500, $"{name}={value[..Math.Min(value.Length, 40)]}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        using var json = await client.PostAsync("/backchannel-logout", new StringContent("{\"logout_token\":1}", System.Text.Encoding.UTF8, "application/json"));
        Assert.True((int)json.StatusCode < 500, $"JSON body: {json.StatusCode}");
    }

    private UserAgent NewAgent()
    {
        var (portal, identity) = _servers.CreateBrowsers();
        return new UserAgent(portal, identity);
    }

    /// <summary>Opens <paramref name="path"/>, signing in with the password and the authenticator app's code when asked.</summary>
    private async Task<Navigation> SignInWithCodeAsync(UserAgent agent, DemoUser user, string path)
    {
        var page = await agent.SignInAsync(user, path);
        return page.Path.Equals("/account/mfa", StringComparison.OrdinalIgnoreCase)
            ? await agent.SubmitAsync(page, new Dictionary<string, string> { ["Code"] = Identity.Authenticator.NextCode(user.TotpSecret!) }, "button[type=submit]")
            : page;
    }
}
