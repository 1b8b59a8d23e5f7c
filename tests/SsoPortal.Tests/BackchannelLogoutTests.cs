using System.Net;
using Aict.SsoPortal.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace Aict.SsoPortal.Tests;

/// <summary>
/// POST /backchannel-logout (OpenID Connect Back-Channel Logout 1.0 §2.6–2.8): a valid logout token ends
/// every portal session of its sid; any broken rule is a 400 that ends nothing. The issuer's keys reach the
/// portal the way discovery would, through the OIDC handler's configuration.
/// </summary>
public sealed class BackchannelLogoutTests : IClassFixture<BackchannelLogoutTests.Portal>
{
    private readonly Portal _portal;

    public BackchannelLogoutTests(Portal portal) => _portal = portal;

    [Fact]
    public async Task A_valid_logout_token_ends_every_portal_session_of_its_sid_and_no_other()
    {
        var sid = NewSid();
        var first = await _portal.Factory.Tickets.StoreAsync(Tickets.For(sid));
        var second = await _portal.Factory.Tickets.StoreAsync(Tickets.For(sid));
        var bystander = await _portal.Factory.Tickets.StoreAsync(Tickets.For(NewSid()));

        using var response = await PostAsync(_portal.Issuer.LogoutToken(sid));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        Assert.Null(await _portal.Factory.Tickets.RetrieveAsync(first));
        Assert.Null(await _portal.Factory.Tickets.RetrieveAsync(second));
        Assert.NotNull(await _portal.Factory.Tickets.RetrieveAsync(bystander));
    }

    [Fact]
    public Task A_token_for_another_audience_is_refused() => AssertRefusedAsync(parts => parts.Audience = "channel-web");

    [Fact]
    public Task A_token_from_another_issuer_is_refused() => AssertRefusedAsync(parts => parts.Issuer = "https://elsewhere.test/");

    [Fact]
    public Task A_token_that_is_not_typed_logout_jwt_is_refused() => AssertRefusedAsync(parts => parts.Type = "JWT");

    [Fact]
    public Task A_token_without_events_is_refused() => AssertRefusedAsync(parts => parts.Claims.Remove("events"));

    [Fact]
    public Task A_token_whose_events_lack_the_logout_event_is_refused() =>
        AssertRefusedAsync(parts => parts.Claims["events"] = new Dictionary<string, object> { ["http://example.com/other-event"] = new Dictionary<string, object>() });

    [Fact]
    public Task A_token_with_a_nonce_is_refused() => AssertRefusedAsync(parts => parts.Claims["nonce"] = "n-0S6_WzA2Mj");

    [Fact]
    public Task A_token_without_sid_is_refused_because_the_portal_requires_sessions() => AssertRefusedAsync(parts => parts.Claims.Remove("sid"));

    [Fact]
    public Task A_token_issued_long_ago_is_refused() => AssertRefusedAsync(parts => parts.IssuedAtShift = TimeSpan.FromMinutes(-10));

    [Fact]
    public Task A_token_without_jti_is_refused() => AssertRefusedAsync(parts => parts.Claims.Remove("jti"));

    [Fact]
    public Task A_token_signed_with_a_key_the_issuer_does_not_publish_is_refused() =>
        AssertRefusedAsync(parts => parts.SigningKey = StubIssuer.NewKey());

    [Fact]
    public async Task A_token_signed_without_a_key_is_refused()
    {
        var sid = NewSid();
        var ticket = await _portal.Factory.Tickets.StoreAsync(Tickets.For(sid));
        var signed = _portal.Issuer.LogoutToken(sid);
        var unsigned = string.Join('.', signed.Split('.')[..2]) + ".";

        await AssertBadRequestAsync(unsigned);
        Assert.NotNull(await _portal.Factory.Tickets.RetrieveAsync(ticket));
    }

    [Fact]
    public async Task A_replayed_token_is_refused()
    {
        var sid = NewSid();
        var token = _portal.Issuer.LogoutToken(sid);
        using (var first = await PostAsync(token))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var ticket = await _portal.Factory.Tickets.StoreAsync(Tickets.For(sid));
        await AssertBadRequestAsync(token);
        Assert.NotNull(await _portal.Factory.Tickets.RetrieveAsync(ticket));
    }

    [Fact]
    public async Task A_request_without_a_logout_token_is_refused()
    {
        using var client = _portal.Factory.CreateClient();
        using var response = await client.PostAsync("/backchannel-logout", new FormUrlEncodedContent(new Dictionary<string, string>()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
    }

    private async Task AssertRefusedAsync(Action<LogoutTokenParts> spoil)
    {
        var sid = NewSid();
        var ticket = await _portal.Factory.Tickets.StoreAsync(Tickets.For(sid));

        await AssertBadRequestAsync(_portal.Issuer.LogoutToken(sid, spoil));

        Assert.NotNull(await _portal.Factory.Tickets.RetrieveAsync(ticket));
    }

    private async Task AssertBadRequestAsync(string logoutToken)
    {
        using var response = await PostAsync(logoutToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
    }

    private async Task<HttpResponseMessage> PostAsync(string logoutToken)
    {
        using var client = _portal.Factory.CreateClient();
        return await client.PostAsync("/backchannel-logout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["logout_token"] = logoutToken }));
    }

    private static string NewSid() => Base64UrlEncoder.Encode(Guid.NewGuid().ToByteArray());

    /// <summary>One portal whose OIDC handler trusts the stub issuer's configuration and key.</summary>
    public sealed class Portal : IAsyncLifetime
    {
        public Portal() => Factory = new PortalFactory(options => options.Configuration = Issuer.Configuration, StubIssuer.Issuer);

        public StubIssuer Issuer { get; } = new();

        public PortalFactory Factory { get; }

        public Task InitializeAsync() => Task.CompletedTask;

        public Task DisposeAsync() => Factory.DisposeAsync().AsTask();
    }
}
