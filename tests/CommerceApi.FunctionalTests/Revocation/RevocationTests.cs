using System.Net;
using System.Net.Http.Json;
using Aict.CommerceApi.FunctionalTests.Infrastructure;
using Aict.ServiceDefaults.Revocation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Aict.CommerceApi.FunctionalTests.Revocation;

/// <remarks>
/// Each test runs its own CommerceApi (same realm, same Redis prefix): other tests move the shared
/// instance's clock forward, which would make its copy consider every entry expired.
/// </remarks>
public abstract class RevocationTests(CommerceServices services, Func<TestDatabase> database)
{
    private const string Path = "/api/categories";
    private const string UserScopes = "openid offline_access products:read";

    private TokenClient Tokens => new(services.Identity.CreateBackChannel());

    [Fact]
    public async Task An_access_token_revoked_at_the_revocation_endpoint_is_refused_with_401_invalid_token()
    {
        await using var instance = await OwnApiAsync();
        var token = (await Tokens.ClientCredentialsAsync(DemoRealm.PartnerErp, "products:read")).AccessToken!;
        using var api = instance.CreateClient(token);
        using (var before = await api.GetAsync(Path))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await Tokens.RevokeAsync(DemoRealm.PartnerErp, token)).Status);

        using var after = await Eventually.StatusAsync(api, Path, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains("invalid_token", after.Headers.WwwAuthenticate.ToString());
        var problem = await after.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal("The access token has been revoked.", problem!.Detail);
    }

    [Fact]
    public async Task A_revoked_refresh_token_takes_the_access_tokens_of_its_family_with_it()
    {
        await using var instance = await OwnApiAsync();
        var tokens = await new CodeFlow(services.Identity).SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, UserScopes), DemoRealm.Bob);
        using var api = instance.CreateClient(tokens.AccessToken);

        Assert.Equal(HttpStatusCode.OK, (await Tokens.RevokeAsync(DemoRealm.ChannelWeb, tokens.RefreshToken!)).Status);

        using var after = await Eventually.StatusAsync(api, Path, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task A_replayed_refresh_token_makes_every_access_token_of_its_family_refused()
    {
        await using var instance = await OwnApiAsync();
        var first = await new CodeFlow(services.Identity).SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, UserScopes), DemoRealm.Carol);
        var second = await Tokens.RefreshAsync(DemoRealm.ChannelWeb, first.RefreshToken!);
        using var earlier = instance.CreateClient(first.AccessToken);
        using var later = instance.CreateClient(second.AccessToken);
        using (var before = await earlier.GetAsync(Path))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var replay = await Tokens.RefreshAsync(DemoRealm.ChannelWeb, first.RefreshToken!);

        Assert.Equal("invalid_grant", replay.Error);
        using var refusedEarlier = await Eventually.StatusAsync(earlier, Path, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Unauthorized, refusedEarlier.StatusCode);
        using var refusedLater = await Eventually.StatusAsync(later, Path, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Unauthorized, refusedLater.StatusCode);
    }

    [Fact]
    public async Task A_replayed_authorization_code_makes_the_access_token_it_produced_refused()
    {
        await using var instance = await OwnApiAsync();
        var flow = new CodeFlow(services.Identity);
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb, UserScopes);
        var code = (await flow.AuthorizeAsync(request, DemoRealm.Alice)).Code!;
        var tokens = await flow.Tokens.RedeemAsync(request, code);
        using var api = instance.CreateClient(tokens.AccessToken);
        using (var before = await api.GetAsync(Path))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var replay = await flow.Tokens.RedeemAsync(request, code);

        Assert.Equal("invalid_grant", replay.Error);
        using var refused = await Eventually.StatusAsync(api, Path, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Without_a_Redis_connection_string_the_API_does_not_start_and_names_the_key()
    {
        await using var instance = new OwnApi(services.Identity, database(), new Dictionary<string, string?> { ["ConnectionStrings:redis"] = "" });

        var failure = Record.Exception(() => instance.CreateClient(accessToken: null));

        Assert.NotNull(failure);
        Assert.Contains("ConnectionStrings:redis", failure.ToString());
    }

    [Fact]
    public async Task Two_API_instances_both_refuse_a_revoked_token()
    {
        await using var firstInstance = await OwnApiAsync();
        await using var secondInstance = await OwnApiAsync();
        var token = (await Tokens.ClientCredentialsAsync(DemoRealm.PartnerErp, "products:read")).AccessToken!;
        using var first = firstInstance.CreateClient(token);
        using var second = secondInstance.CreateClient(token);
        using (var before = await second.GetAsync(Path))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await Tokens.RevokeAsync(DemoRealm.PartnerErp, token);

        using var refusedByFirst = await Eventually.StatusAsync(first, Path, HttpStatusCode.Unauthorized);
        using var refusedBySecond = await Eventually.StatusAsync(second, Path, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Unauthorized, refusedByFirst.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refusedBySecond.StatusCode);
    }

    [Fact]
    public async Task A_revoked_token_stays_refused_past_its_expiry_for_as_long_as_the_clock_skew_would_accept_it()
    {
        await using var instance = await OwnApiAsync();
        var token = (await Tokens.ClientCredentialsAsync(DemoRealm.PartnerErp, "products:read")).AccessToken!;
        using var api = instance.CreateClient(token);
        await Tokens.RevokeAsync(DemoRealm.PartnerErp, token);
        (await Eventually.StatusAsync(api, Path, HttpStatusCode.Unauthorized)).Dispose();

        // The API's clock 10 s past the token's exp: within the 30 s skew its validation allows, so only the entry refuses it.
        instance.Clock.Advance(new JsonWebToken(token).ValidTo - DateTime.UtcNow + TimeSpan.FromSeconds(10));
        using var late = await api.GetAsync(Path);

        Assert.Equal(HttpStatusCode.Unauthorized, late.StatusCode);
        Assert.Equal("The access token has been revoked.", (await late.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);
    }

    [Fact]
    public async Task Once_its_revocation_entry_has_gone_a_revoked_token_is_refused_as_expired()
    {
        // Two-second tokens and a one-second skew on both sides: an entry's whole life passes within the test.
        var skew = new Dictionary<string, string?> { ["Revocation:ClockSkew"] = "00:00:01" };
        await using var identityDatabase = database();
        await using var identity = new IdentityServerFactory(identityDatabase, new Dictionary<string, string?>(skew) { ["Tokens:AccessToken"] = "00:00:02" });
        await using var instance = new OwnApi(identity, database(), skew);
        var tokens = new TokenClient(identity.CreateBackChannel());
        var token = (await tokens.ClientCredentialsAsync(DemoRealm.PartnerErp, "products:read")).AccessToken!;
        using var api = instance.CreateClient(token);
        await tokens.RevokeAsync(DemoRealm.PartnerErp, token);
        (await Eventually.StatusAsync(api, Path, HttpStatusCode.Unauthorized)).Dispose();

        var pastEntry = new JsonWebToken(token).ValidTo + TimeSpan.FromSeconds(2.5) - DateTime.UtcNow;
        await Task.Delay(pastEntry > TimeSpan.Zero ? pastEntry : TimeSpan.Zero);
        using var expired = await api.GetAsync(Path);

        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal("The access token is not valid.", (await expired.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);
    }

    [Fact]
    public async Task A_subject_not_before_time_refuses_that_users_earlier_tokens_only()
    {
        await using var instance = await OwnApiAsync();
        var alice = await new CodeFlow(services.Identity).SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, UserScopes), DemoRealm.Alice);
        var bob = await new CodeFlow(services.Identity).SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, UserScopes), DemoRealm.Bob);
        var issued = new JsonWebToken(alice.AccessToken);
        var writer = services.Identity.Services.GetRequiredService<IRevocationWriter>();

        await writer.RevokeSubjectBeforeAsync(issued.Subject, issued.IssuedAt.AddSeconds(1), DateTimeOffset.UtcNow.AddMinutes(10));

        using var aliceApi = instance.CreateClient(alice.AccessToken);
        using var refused = await Eventually.StatusAsync(aliceApi, Path, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var bobsRequest = await instance.CreateClient(bob.AccessToken).GetAsync(Path);
        Assert.Equal(HttpStatusCode.OK, bobsRequest.StatusCode);
    }

    [Fact]
    public async Task With_Redis_down_the_API_answers_from_its_copy_within_the_bound_then_fails_closed_then_recovers_by_itself()
    {
        await using var redis = new PrivateRedis();
        await redis.StartAsync();
        await using var api = await OwnApiAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = redis.ConnectionString,
            ["Revocation:StalenessBound"] = "00:00:30",
        });
        var token = (await Tokens.ClientCredentialsAsync(DemoRealm.PartnerErp, "products:read")).AccessToken!;
        using var client = api.CreateClient(token);
        Assert.Equal("Healthy", await Eventually.HealthAsync(client, "Healthy"));

        await redis.StopAsync();

        Assert.Equal("Degraded", await Eventually.HealthAsync(client, "Degraded"));
        using (var stale = await client.GetAsync(Path))
        {
            Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        }

        api.Clock.Advance(TimeSpan.FromSeconds(31));

        using (var closed = await client.GetAsync(Path))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, closed.StatusCode);
            var problem = await closed.Content.ReadFromJsonAsync<ProblemDetails>();
            Assert.Equal("Revocation state unavailable", problem!.Title);
        }

        Assert.Equal("Unhealthy", await Eventually.HealthAsync(client, "Unhealthy"));

        await redis.StartAsync();

        using var recovered = await Eventually.StatusAsync(client, Path, HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Assert.Equal("Healthy", await Eventually.HealthAsync(client, "Healthy"));
    }

    private async Task<OwnApi> OwnApiAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var api = new OwnApi(services.Identity, database(), settings);
        using var health = api.CreateClient(accessToken: null);
        (await health.GetAsync("/alive")).EnsureSuccessStatusCode();
        return api;
    }
}

/// <summary>A CommerceApi instance with its own database, disposed together.</summary>
public sealed class OwnApi(IdentityServerFactory identity, TestDatabase database, IReadOnlyDictionary<string, string?>? settings)
    : IAsyncDisposable
{
    private readonly CommerceApiFactory _factory = new(identity, database, settings);

    public ShiftableClock Clock => _factory.Clock;

    public IServiceProvider Services => _factory.Services;

    public HttpClient CreateClient(string? accessToken) => _factory.CreateClient(accessToken);

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await database.DisposeAsync();
    }
}

[Collection(OnSqlite.Name)]
public sealed class RevocationTestsOnSqlite(SqliteServices services) : RevocationTests(services, TestDatabase.Sqlite);

[Collection(OnPostgres.Name)]
public sealed class RevocationTestsOnPostgres(PostgresServices services) : RevocationTests(services, TestDatabase.Postgres);
