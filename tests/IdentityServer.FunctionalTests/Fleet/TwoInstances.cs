using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace Aict.IdentityServer.FunctionalTests.Fleet;

/// <summary>
/// Two IdentityServer instances on one database and one set of Redis keys, as in the fleet. The tests' limits are low, so each test
/// speaks for a client address of its own (<see cref="NextAddress"/>).
/// </summary>
public sealed class TwoInstances : IAsyncLifetime
{
    public const int ResetMailsPerEmail = 3;

    public const int PasswordlessRequestsPerMinute = 2;

    private readonly TestDatabase _database = TestDatabase.Sqlite();
    private int _lastAddress;

    public TwoInstances()
    {
        var shared = new Dictionary<string, string?>
        {
            ["Revocation:KeyPrefix"] = TestRedis.NewPrefix(),
            ["Throttling:KeyPrefix"] = TestRedis.NewPrefix(),
            ["Detection:KeyPrefix"] = TestRedis.NewPrefix(),
            ["PasswordReset:RequestsPerEmail"] = ResetMailsPerEmail.ToString(CultureInfo.InvariantCulture),
            ["Mfa:Passkeys:PasswordlessRequestsPerMinute"] = PasswordlessRequestsPerMinute.ToString(CultureInfo.InvariantCulture),
        };
        A = new IdentityServerFactory(_database, shared);
        B = new IdentityServerFactory(_database, shared);
    }

    public IdentityServerFactory A { get; }

    public IdentityServerFactory B { get; }

    /// <summary>A documentation address (RFC 5737) no other test of this fixture uses.</summary>
    public string NextAddress() => $"203.0.113.{Interlocked.Increment(ref _lastAddress)}";

    /// <summary>A browser on one instance, speaking from <paramref name="address"/>.</summary>
    public static Browser On(IdentityServerFactory instance, string address)
    {
        var browser = instance.CreateBrowser();
        TestClientAddress.From(browser.Http, address);
        return browser;
    }

    /// <summary>One browser (one cookie jar) whose every request lands on the other instance than the one before, A first.</summary>
    public Browser Hopping(string address)
    {
        var cookies = new CookieContainerHandler(new CookieContainer()) { InnerHandler = new Alternating(A.Server.CreateHandler(), B.Server.CreateHandler()) };
        return new Browser(TestClientAddress.From(new HttpClient(cookies) { BaseAddress = new Uri(IdentityServerFactory.Issuer) }, address));
    }

    public async Task InitializeAsync()
    {
        // A first: it migrates and seeds; B then starts on the prepared database as a second instance would.
        foreach (var instance in new[] { A, B })
        {
            using var client = instance.CreateBackChannel();
            (await client.GetAsync("/.well-known/openid-configuration")).EnsureSuccessStatusCode();
        }
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await _database.DisposeAsync();
    }

    private sealed class Alternating(params HttpMessageHandler[] instances) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker[] _instances = [.. instances.Select(handler => new HttpMessageInvoker(handler))];
        private int _sent = -1;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            _instances[Interlocked.Increment(ref _sent) % _instances.Length].SendAsync(request, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            foreach (var instance in _instances)
            {
                instance.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
