using System.Buffers.Text;
using System.Net;
using System.Text.Json;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.Passkeys;

/// <summary>
/// The passkey sign-in pages as far as they go without an authenticator: who may start a ceremony, what it asks
/// for, and what a refused answer leaves behind. Real passkeys sign in in the browser tests.
/// </summary>
public abstract class PasskeySignInPageTests(ServerFixture server)
{
    private IdentityServerFactory Factory => server.Factory;

    private readonly CodeFlow _flow = new(server.Factory);

    [Fact]
    public async Task Without_a_pending_sign_in_the_passkey_step_sends_the_browser_to_the_login_page()
    {
        var page = await _flow.Browser.GoAsync("/Account/Mfa/Passkey?ReturnUrl=%2F");

        Assert.Equal("/Account/Login", page.Path);
    }

    [Fact]
    public async Task The_second_step_asks_only_for_the_pending_users_passkeys()
    {
        var (user, userId) = await UserWithPasskeyAsync();
        var mine = await PasskeyRows.AddAsync(Factory, userId, "Second");
        await UserWithPasskeyAsync();
        var step = await PasskeyStepAsync(user);

        var start = await OptionsAsync(step, "/Account/Mfa/Passkey");

        Assert.Equal(2, start.GetProperty("options").GetProperty("allowCredentials").GetArrayLength());
        Assert.Contains(start.GetProperty("options").GetProperty("allowCredentials").EnumerateArray(),
            c => c.GetProperty("id").GetString() == Base64Url.EncodeToString(mine.CredentialId));
    }

    [Fact]
    public async Task A_refused_passkey_at_the_second_step_gets_one_message_and_five_lock_the_account()
    {
        var (user, userId) = await UserWithPasskeyAsync();
        var page = await PasskeyStepAsync(user);

        page = await _flow.Browser.SubmitAsync(page, Forged(), "#passkey-button");
        Assert.Equal("/Account/Mfa/Passkey", page.Path);
        Assert.Equal("That passkey could not sign you in. Try again, or use another way.", page.Document.QuerySelector("#passkey-error")!.TextContent);
        Assert.Equal(1, await FailedCountAsync(userId));
        for (var attempt = 1; attempt < 5; attempt++)
        {
            page = await _flow.Browser.SubmitAsync(page, Forged(), "#passkey-button");
        }

        Assert.Contains("locked", page.Document.QuerySelector("#passkey-error")!.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.Null(page.Document.QuerySelector("#passkey-button"));
        Assert.Equal("login_required", (await _flow.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.ChannelWeb))).Error);
    }

    [Fact]
    public async Task Passwordless_options_name_no_credential_and_a_refused_answer_starts_no_session()
    {
        var login = await _flow.Browser.GoAsync(new AuthorizationRequest(DemoRealm.ChannelWeb).Url);
        Assert.NotNull(login.Document.QuerySelector("#passkey-button"));

        var start = await OptionsAsync(login, "/Account/Passkey");
        var refused = await _flow.Browser.SubmitAsync(login, Forged(), "#passkey-button");

        Assert.Equal(0, start.GetProperty("options").TryGetProperty("allowCredentials", out var allowed) ? allowed.GetArrayLength() : 0);
        Assert.Equal("required", start.GetProperty("options").GetProperty("userVerification").GetString());
        Assert.Equal("/Account/Passkey", refused.Path);
        Assert.NotNull(refused.Document.QuerySelector("#passkey-error"));
        Assert.Equal("login_required", (await _flow.AuthorizeSilentlyAsync(new AuthorizationRequest(DemoRealm.ChannelWeb))).Error);
    }

    [Fact]
    public async Task The_passwordless_sign_in_is_limited_per_client_address()
    {
        // A host with counters of its own in Redis: the shared server's limit is set out of reach, and its requests count elsewhere.
        await using var own = Factory.WithWebHostBuilder(builder => builder
            .UseSetting("Mfa:Passkeys:PasswordlessRequestsPerMinute", "2").UseSetting("Throttling:KeyPrefix", TestRedis.NewPrefix()));
        using var client = own.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var statuses = new List<HttpStatusCode>();
        for (var request = 0; request < 3; request++)
        {
            using var response = await client.GetAsync("/Account/Passkey");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task The_passkey_step_offers_a_recovery_code_as_the_other_way()
    {
        var (user, _) = await UserWithPasskeyAsync();
        await MfaUsers.RecoveryCodesAsync(Factory, user);
        var step = await PasskeyStepAsync(user);

        var other = await _flow.Browser.GoAsync(step.Document.QuerySelector("#use-other-factor")!.GetAttribute("href")!);

        Assert.Equal("/Account/Mfa", other.Path);
        Assert.NotNull(other.Document.QuerySelector("form[action*='handler=Recovery'] #Code"));
        Assert.NotNull(other.Document.QuerySelector("#use-passkey"));
    }

    private async Task<(DemoUser User, string Id)> UserWithPasskeyAsync()
    {
        var user = await TestUsers.CreateAsync(Factory);
        var id = await TestUsers.IdOfAsync(Factory, user);
        await PasskeyRows.AddAsync(Factory, id);
        return (user, id);
    }

    /// <summary>Signs in with the password: a user whose only factor is a passkey goes straight to the passkey step.</summary>
    private async Task<Navigation> PasskeyStepAsync(DemoUser user)
    {
        var step = await _flow.Browser.SignInAsync(await _flow.Browser.GoAsync(new AuthorizationRequest(DemoRealm.ChannelWeb).Url), user.Email, user.Password);
        Assert.Equal("/Account/Mfa/Passkey", step.Path);
        return step;
    }

    /// <summary>What the page's script fetches: the form's fields (antiforgery token included) posted to the Options handler.</summary>
    private async Task<JsonElement> OptionsAsync(Navigation page, string path)
    {
        var fields = page.Document.QuerySelectorAll("#passkey-form input")
            .Select(input => KeyValuePair.Create(input.GetAttribute("name")!, input.GetAttribute("value") ?? string.Empty));
        using var response = await _flow.Browser.Http.PostAsync($"{path}?handler=Options", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static Dictionary<string, string> Forged() => new()
    {
        ["CeremonyId"] = Base64Url.EncodeToString(Guid.NewGuid().ToByteArray()),
        ["Credential"] = """{"id":"AAAA","rawId":"AAAA","type":"public-key","response":{"clientDataJSON":"e30","authenticatorData":"AAAA","signature":"AAAA"},"clientExtensionResults":{}}""",
    };

    private async Task<int> FailedCountAsync(string userId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByIdAsync(userId))!.AccessFailedCount;
    }
}

[Collection(OnSqlite.Name)]
public sealed class PasskeySignInPageTestsOnSqlite(SqliteServer server) : PasskeySignInPageTests(server);

[Collection(OnPostgres.Name)]
public sealed class PasskeySignInPageTestsOnPostgres(PostgresServer server) : PasskeySignInPageTests(server);
