using System.Net;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Aict.IdentityServer.Protocol.Signing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Aict.IdentityServer.FunctionalTests.Keys;

/// <summary>Stored keys: one per algorithm in use, kept across restarts, rotated by publishing the next key before it signs.</summary>
public sealed class SigningKeyTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Sqlite();

    [Fact]
    public async Task The_signing_keys_survive_a_restart_and_old_tokens_stay_valid()
    {
        string token;
        string[] kids;
        await using (var first = new IdentityServerFactory(_database))
        {
            token = (await ClientCredentialsAsync(first)).AccessToken!;
            kids = (await JwksAsync(first)).Select(k => k.Kid).Order().ToArray();
        }

        await using var restarted = new IdentityServerFactory(_database);

        Assert.Equal(kids, (await JwksAsync(restarted)).Select(k => k.Kid).Order());
        await new TokenValidator(restarted.CreateBackChannel()).ValidateAsync(token, "commerce-api", "at+jwt");
    }

    [Fact]
    public async Task Access_tokens_are_signed_with_ES256_and_ID_tokens_with_RS256()
    {
        await using var factory = new IdentityServerFactory(_database);
        var flow = new CodeFlow(factory);
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb, "openid offline_access products:read");

        var tokens = await flow.Tokens.RedeemAsync(request, (await flow.AuthorizeAsync(request, DemoRealm.Alice)).Code!);

        Assert.Equal(("RS256", "rs256-1"), AlgorithmOf(tokens.IdToken!));
        Assert.Equal(("ES256", "es256-1"), AlgorithmOf(tokens.AccessToken!));
        Assert.Equal(("ES256", "es256-1"), AlgorithmOf((await ClientCredentialsAsync(factory)).AccessToken!));
        await flow.Validator.ValidateAsync(tokens.IdToken!, "channel-web", "JWT");
        await flow.Validator.ValidateAsync(tokens.AccessToken!, "commerce-api", "at+jwt");
        Assert.Equal(HttpStatusCode.OK, (await flow.Tokens.RefreshAsync(DemoRealm.ChannelWeb, tokens.RefreshToken!)).Status);
    }

    [Fact]
    public async Task A_rotated_key_is_published_first_and_signs_only_from_its_activation()
    {
        await using (var current = new IdentityServerFactory(_database))
        {
            await ClientCredentialsAsync(current);
            await using var scope = current.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<KeyStore>().ScheduleNextSigningKeysAsync();
        }

        await using var restarted = new IdentityServerFactory(_database);
        var published = await JwksAsync(restarted);
        Assert.Equal(["es256-1", "es256-2", "rs256-1", "rs256-2"], published.Select(k => k.Kid).Order());
        Assert.Equal(("ES256", "es256-1"), AlgorithmOf((await ClientCredentialsAsync(restarted)).AccessToken!));

        restarted.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));

        Assert.Equal(("ES256", "es256-2"), AlgorithmOf((await ClientCredentialsAsync(restarted)).AccessToken!));
        Assert.Equal(4, (await JwksAsync(restarted)).Count);
    }

    [Fact]
    public async Task RS256_can_be_chosen_for_access_tokens_too()
    {
        await using var factory = new IdentityServerFactory(_database, new Dictionary<string, string?> { ["Signing:AccessTokenAlgorithm"] = "RS256" });

        var key = Assert.Single(await JwksAsync(factory));
        var token = (await ClientCredentialsAsync(factory)).AccessToken!;

        Assert.Equal("RSA", key.Kty);
        Assert.Equal(("RS256", key.Kid), AlgorithmOf(token));
        await new TokenValidator(factory.CreateBackChannel()).ValidateAsync(token, "commerce-api", "at+jwt");
    }

    [Fact]
    public async Task A_key_whose_algorithm_is_no_longer_used_stays_published_for_the_retention_then_retires()
    {
        string rsaSigned;
        await using (var first = new IdentityServerFactory(_database, new Dictionary<string, string?> { ["Signing:AccessTokenAlgorithm"] = "RS256" }))
        {
            rsaSigned = (await ClientCredentialsAsync(first)).AccessToken!;
        }

        await using var switched = new IdentityServerFactory(_database, new Dictionary<string, string?> { ["Signing:IdTokenAlgorithm"] = "ES256" });

        Assert.Equal(["es256-1", "rs256-1"], (await JwksAsync(switched)).Select(k => k.Kid).Order());
        Assert.Equal(("ES256", "es256-1"), AlgorithmOf((await ClientCredentialsAsync(switched)).AccessToken!));
        await new TokenValidator(switched.CreateBackChannel()).ValidateAsync(rsaSigned, "commerce-api", "at+jwt");

        switched.Clock.Advance(TimeSpan.FromDays(31) + TimeSpan.FromMinutes(1));
        await using var scope = switched.Services.CreateAsyncScope();
        var keys = scope.ServiceProvider.GetRequiredService<KeyStore>();
        await keys.PrepareAsync();
        Assert.Equal(["enc-1", "es256-1"], (await keys.LoadLiveKeysAsync()).Select(k => k.Id).Order());
    }

    private static async Task<TokenResponse> ClientCredentialsAsync(IdentityServerFactory factory)
    {
        var response = await new TokenClient(factory.CreateBackChannel()).ClientCredentialsAsync(DemoRealm.PartnerErp, "products:read");
        Assert.NotNull(response.AccessToken);
        return response;
    }

    private static async Task<IList<JsonWebKey>> JwksAsync(IdentityServerFactory factory) =>
        new JsonWebKeySet(await factory.CreateBackChannel().GetStringAsync("/.well-known/jwks")).Keys;

    private static (string Alg, string Kid) AlgorithmOf(string token)
    {
        var jwt = new JsonWebToken(token);
        return (jwt.Alg, jwt.Kid);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();
}
