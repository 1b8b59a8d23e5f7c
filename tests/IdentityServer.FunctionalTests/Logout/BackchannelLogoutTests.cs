using System.Text.Json;
using Aict.IdentityServer.Sessions.BackchannelLogout;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Aict.IdentityServer.FunctionalTests.Logout;

/// <summary>OIDC Back-Channel Logout 1.0: RP-initiated logout tells every client of the session that registered a logout URI.</summary>
public abstract class BackchannelLogoutTests(BackchannelLogoutServer server)
{
    private const string LogoutEvent = "http://schemas.openid.net/event/backchannel-logout";
    private static readonly TimeSpan[] RetryDelays =
        [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1)];

    private readonly CodeFlow _flow = new(server.Factory);
    private readonly HttpClient _http = server.Factory.CreateBackChannel();

    [Fact]
    public async Task Logout_sends_the_client_one_logout_token_that_validates_against_the_published_keys()
    {
        await using var receiver = await BackchannelLogoutReceiver.StartAsync();
        var client = await server.RegisterClientAsync(receiver.LogoutUri);
        var (sessionId, subject) = await SignInAndLogOutAsync(client);

        await WaitUntilDeliveredAsync(sessionId, client);

        var request = Assert.Single(receiver.Received);
        Assert.StartsWith("application/x-www-form-urlencoded", request.ContentType);
        Assert.Equal(["logout_token"], request.FormFields);
        var token = await ValidateLogoutTokenAsync(request.LogoutToken!, client);
        Assert.Equal("logout+jwt", token.Typ);
        Assert.Equal(sessionId, token.GetClaim("sid").Value);
        Assert.Equal(subject, token.Subject);
        Assert.False(string.IsNullOrEmpty(token.Id));
        Assert.False(token.TryGetPayloadValue<string>("nonce", out _));
        var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(token.EncodedPayload)).RootElement;
        var logoutEvent = payload.GetProperty("events").GetProperty(LogoutEvent);
        Assert.Equal(JsonValueKind.Object, logoutEvent.ValueKind);
        Assert.Empty(logoutEvent.EnumerateObject());
    }

    [Fact]
    public async Task A_logout_asked_for_with_a_forged_Host_header_sends_a_logout_token_from_the_configured_issuer()
    {
        await using var receiver = await BackchannelLogoutReceiver.StartAsync();
        var client = await server.RegisterClientAsync(receiver.LogoutUri);
        var (sessionId, _) = await SignInAndLogOutAsync(client, logoutHost: "evil.example");

        await WaitUntilDeliveredAsync(sessionId, client);

        var request = Assert.Single(receiver.Received);
        Assert.Equal(IdentityServerFactory.Issuer, new JsonWebToken(request.LogoutToken!).Issuer);
    }

    [Fact]
    public async Task A_client_that_fails_the_first_notice_gets_a_new_one_once_the_first_retry_delay_has_passed()
    {
        await using var receiver = await BackchannelLogoutReceiver.StartAsync(failFirst: 1);
        var client = await server.RegisterClientAsync(receiver.LogoutUri);
        var (sessionId, _) = await SignInAndLogOutAsync(client);

        var failed = await WaitForFailedAttemptAsync(sessionId, attempt: 1);
        Assert.Equal("HTTP 500", failed.LastError);
        Assert.Single(receiver.Received);

        server.Factory.Clock.Advance(RetryDelays[0] + TimeSpan.FromSeconds(1));
        await WaitUntilDeliveredAsync(sessionId, client);

        Assert.Equal(2, receiver.Received.Count);
        var first = await ValidateLogoutTokenAsync(receiver.Received[0].LogoutToken!, client);
        var second = await ValidateLogoutTokenAsync(receiver.Received[1].LogoutToken!, client);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(sessionId, second.GetClaim("sid").Value);
    }

    [Fact]
    public async Task A_client_that_keeps_failing_is_retried_on_the_backoff_schedule_and_then_abandoned()
    {
        await using var receiver = await BackchannelLogoutReceiver.StartAsync(failFirst: int.MaxValue);
        var client = await server.RegisterClientAsync(receiver.LogoutUri);
        var (sessionId, _) = await SignInAndLogOutAsync(client);

        for (var attempt = 1; attempt <= RetryDelays.Length; attempt++)
        {
            var failed = await WaitForFailedAttemptAsync(sessionId, attempt);
            var wait = failed.NextAttemptAt - server.Factory.Clock.GetUtcNow();
            Assert.InRange(wait, RetryDelays[attempt - 1] / 2, RetryDelays[attempt - 1]);
            Assert.Null(failed.AbandonedAt);
            server.Factory.Clock.Advance(wait + TimeSpan.FromSeconds(1));
        }

        var abandoned = await Eventually.MatchAsync(() => Delivery(sessionId), d => d.AbandonedAt is not null, "the notice to be abandoned");
        Assert.Equal(RetryDelays.Length + 1, abandoned.Attempts);
        Assert.Equal("HTTP 500", abandoned.LastError);
        Assert.Null(abandoned.DeliveredAt);
        Assert.Equal(RetryDelays.Length + 1, receiver.Received.Count);
    }

    [Fact]
    public async Task Only_the_clients_of_the_session_that_registered_a_logout_uri_are_told()
    {
        await using var receiver = await BackchannelLogoutReceiver.StartAsync();
        var told = await server.RegisterClientAsync(receiver.LogoutUri);
        var notTold = await server.RegisterClientAsync(backchannelLogoutUri: null);
        await _flow.SignInAsync(new AuthorizationRequest(notTold, "openid profile"), DemoRealm.Carol);

        var (sessionId, _) = await SignInAndLogOutAsync(told, DemoRealm.Carol);

        await WaitUntilDeliveredAsync(sessionId, told);
        Assert.Equal([told.ClientId], (await server.DeliveriesAsync(sessionId)).Select(d => d.ClientId));
        var request = Assert.Single(receiver.Received);
        Assert.Equal([told.ClientId], (await ValidateLogoutTokenAsync(request.LogoutToken!, told)).Audiences);
    }

    [Fact]
    public async Task Discovery_advertises_back_channel_logout_with_the_session_id()
    {
        using var discovery = JsonDocument.Parse(await _http.GetStringAsync("/.well-known/openid-configuration"));

        Assert.True(discovery.RootElement.GetProperty("backchannel_logout_supported").GetBoolean());
        Assert.True(discovery.RootElement.GetProperty("backchannel_logout_session_supported").GetBoolean());
    }

    /// <summary>
    /// Signs in through the client, then logs out at the end-session endpoint with the ID token as hint, that request
    /// naming <paramref name="logoutHost"/> in its Host header when given.
    /// </summary>
    private async Task<(string SessionId, string Subject)> SignInAndLogOutAsync(DemoClient client, DemoUser? user = null, string? logoutHost = null)
    {
        var tokens = await _flow.SignInAsync(new AuthorizationRequest(client, "openid profile"), user ?? DemoRealm.Alice);
        var idToken = new JsonWebToken(tokens.IdToken!);
        _flow.Browser.Http.DefaultRequestHeaders.Host = logoutHost;

        var page = await _flow.Browser.GoAsync("/connect/endsession" + new QueryBuilder
        {
            { "id_token_hint", tokens.IdToken! },
            { "post_logout_redirect_uri", client.PostLogoutRedirectUri! },
        }.ToQueryString());

        Assert.Equal(client.PostLogoutRedirectUri, page.LeftTo?.GetLeftPart(UriPartial.Path));
        return (idToken.GetClaim("sid").Value, idToken.Subject);
    }

    /// <summary>Validates as the client would: signature against the JWKS from discovery, issuer, audience, type, lifetime.</summary>
    private async Task<JsonWebToken> ValidateLogoutTokenAsync(string logoutToken, DemoClient client)
    {
        using var discovery = JsonDocument.Parse(await _http.GetStringAsync("/.well-known/openid-configuration"));
        var jwks = new JsonWebKeySet(await _http.GetStringAsync(discovery.RootElement.GetProperty("jwks_uri").GetString()));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(logoutToken, new TokenValidationParameters
        {
            ValidIssuer = discovery.RootElement.GetProperty("issuer").GetString(),
            ValidAudience = client.ClientId,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidTypes = ["logout+jwt"],
            ValidAlgorithms = ["RS256", "ES256"],
            // The tests move the server's clock; the client lives in the same time.
            LifetimeValidator = (notBefore, expires, _, _) => IsCurrent(notBefore, expires, server.Factory.Clock.GetUtcNow().UtcDateTime),
        });

        Assert.True(result.IsValid, $"The logout token is not valid: {result.Exception?.Message}");
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Contains(token.Kid, jwks.Keys.Select(k => k.Kid));
        return token;
    }

    private static bool IsCurrent(DateTime? notBefore, DateTime? expires, DateTime now) =>
        expires > now && (notBefore is null || notBefore <= now);

    private Task<BackchannelLogoutDelivery> WaitForFailedAttemptAsync(string sessionId, int attempt) =>
        Eventually.MatchAsync(() => Delivery(sessionId), d => d.Attempts == attempt && d.LastError is not null, $"attempt {attempt} to fail");

    private Task<BackchannelLogoutDelivery?> WaitUntilDeliveredAsync(string sessionId, DemoClient client) =>
        Eventually.MatchAsync(
            async () => (await server.DeliveriesAsync(sessionId)).SingleOrDefault(d => d.ClientId == client.ClientId),
            d => d?.DeliveredAt is not null,
            $"the notice to {client.ClientId} to be delivered");

    private async Task<BackchannelLogoutDelivery> Delivery(string sessionId) => Assert.Single(await server.DeliveriesAsync(sessionId));
}

[Collection(BackchannelOnSqlite.Name)]
public sealed class BackchannelLogoutOnSqlite(BackchannelLogoutServerOnSqlite server) : BackchannelLogoutTests(server);

[Collection(BackchannelOnPostgres.Name)]
public sealed class BackchannelLogoutOnPostgres(BackchannelLogoutServerOnPostgres server) : BackchannelLogoutTests(server);
