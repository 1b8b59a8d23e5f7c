using System.Net;
using Aict.IdentityServer.FunctionalTests.HostedPages;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.Throttling;

/// <summary>
/// Failed password sign-ins are throttled per client address and across all of them, on top of the per-account
/// lockout: past the limit the page answers 429 with Retry-After and checks nothing.
/// </summary>
public sealed class SignInThrottleTests : IAsyncLifetime
{
    private const string TooMany = "Too many failed sign-in attempts.";
    private readonly ThrottledServers _servers = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    [Fact]
    public async Task Failures_from_one_address_block_it_even_for_the_right_password_while_another_address_signs_in()
    {
        var server = await _servers.StartAsync(perAddress: 3, global: 1000);
        using var attacker = Browser(server, "203.0.113.7");
        using var neighbour = Browser(server, "198.51.100.9");

        var failures = new List<string?>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            failures.Add(SignInPageTests.ErrorText(await SignInAsync(attacker, Nobody(), "Wrong#2026dev")));
        }

        var blocked = await SignInAsync(attacker, DemoRealm.Alice.Email, DemoRealm.Alice.Password);
        var other = await SignInAsync(neighbour, DemoRealm.Alice.Email, DemoRealm.Alice.Password);

        Assert.Equal(Enumerable.Repeat(SignInPageTests.InvalidCredentials, 3), failures);
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.Status);
        Assert.Equal("/account/login", blocked.Path);
        Assert.StartsWith(TooMany, SignInPageTests.ErrorText(blocked));
        var retryAfter = blocked.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        Assert.Equal("/", other.Path);
        Assert.Equal(HttpStatusCode.OK, other.Status);
    }

    [Fact]
    public async Task An_IPv6_client_is_counted_by_its_64_bit_prefix()
    {
        var server = await _servers.StartAsync(perAddress: 2, global: 1000);

        await SignInAsync(Browser(server, "2001:db8:7:1::10"), Nobody(), "Wrong#2026dev");
        await SignInAsync(Browser(server, "2001:db8:7:1:ffff::2"), Nobody(), "Wrong#2026dev");
        var sameNetwork = await SignInAsync(Browser(server, "2001:db8:7:1::99"), DemoRealm.Alice.Email, DemoRealm.Alice.Password);
        var nextNetwork = await SignInAsync(Browser(server, "2001:db8:7:2::10"), DemoRealm.Alice.Email, DemoRealm.Alice.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, sameNetwork.Status);
        Assert.Equal("/", nextNetwork.Path);
    }

    [Fact]
    public async Task Failures_spread_over_many_accounts_and_addresses_reach_the_global_limit_and_block_everyone()
    {
        var server = await _servers.StartAsync(perAddress: 1000, global: 4);

        var failures = new List<HttpStatusCode>();
        for (var address = 1; address <= 4; address++)
        {
            failures.Add((await SignInAsync(Browser(server, $"192.0.2.{address}"), Nobody(), "Wrong#2026dev")).Status);
        }

        var fresh = await SignInAsync(Browser(server, "198.51.100.200"), DemoRealm.Alice.Email, DemoRealm.Alice.Password);

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 4), failures);
        Assert.Equal(HttpStatusCode.TooManyRequests, fresh.Status);
        Assert.NotNull(fresh.Headers.RetryAfter?.Delta);
        Assert.StartsWith(TooMany, SignInPageTests.ErrorText(fresh));
    }

    [Fact]
    public async Task The_block_message_is_in_Korean_on_the_Korean_page()
    {
        var server = await _servers.StartAsync(perAddress: 1, global: 1000);
        using var browser = Browser(server, "203.0.113.50");
        browser.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ko");
        await SignInAsync(browser, Nobody(), "Wrong#2026dev");

        var blocked = await SignInAsync(browser, DemoRealm.Alice.Email, DemoRealm.Alice.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.Status);
        Assert.StartsWith("로그인 실패가 너무 많습니다.", SignInPageTests.ErrorText(blocked));
    }

    [Fact]
    public async Task With_Redis_down_the_throttle_fails_open_and_the_account_lockout_still_holds()
    {
        // Nothing listens on port 1; short timeouts keep each uncounted failure quick.
        var server = await _servers.StartAsync(perAddress: 1, global: 1, more: new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = "127.0.0.1:1,connectTimeout=200,asyncTimeout=200,syncTimeout=200",
            ["Identity:Lockout:MaxFailedAccessAttempts"] = "2",
        });
        var user = await TestUsers.CreateAsync(server);
        var other = await TestUsers.CreateAsync(server);
        using var browser = Browser(server, "203.0.113.60");

        var first = await SignInAsync(browser, user.Email, "Wrong#2026dev");
        var second = await SignInAsync(browser, user.Email, "Wrong#2026dev");
        var locked = await SignInAsync(browser, user.Email, user.Password);
        var otherAccount = await SignInAsync(browser, other.Email, other.Password);

        Assert.Equal(SignInPageTests.InvalidCredentials, SignInPageTests.ErrorText(first));
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(HttpStatusCode.OK, locked.Status);
        Assert.Equal(SignInPageTests.InvalidCredentials, SignInPageTests.ErrorText(locked));
        Assert.True(await IsLockedOutAsync(server, user), "the account lockout counted the failures while the throttle could not");
        Assert.Equal("/", otherAccount.Path);
    }

    private static async Task<bool> IsLockedOutAsync(IdentityServerFactory server, DemoUser user)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await users.IsLockedOutAsync((await users.FindByEmailAsync(user.Email))!);
    }

    private static Browser Browser(IdentityServerFactory server, string address)
    {
        var browser = server.CreateBrowser();
        TestClientAddress.From(browser.Http, address);
        return browser;
    }

    private static async Task<Navigation> SignInAsync(Browser browser, string email, string password) =>
        await browser.SignInAsync(await browser.GoAsync("/account/login"), email, password);

    private static string Nobody() => $"nobody-{Guid.NewGuid():N}@example.com";
}
