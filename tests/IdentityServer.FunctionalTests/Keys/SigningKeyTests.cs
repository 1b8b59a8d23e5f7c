using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Aict.IdentityServer.Signing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Aict.IdentityServer.FunctionalTests.Keys;

/// <summary>Stored keys: kept across restarts, rotated by publishing the next key before it signs.</summary>
public sealed class SigningKeyTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Sqlite();

    [Fact]
    public async Task The_signing_key_survives_a_restart_and_old_tokens_stay_valid()
    {
        string token;
        string kid;
        await using (var first = new IdentityServerFactory(_database))
        {
            token = (await ClientCredentialsAsync(first)).AccessToken!;
            kid = Assert.Single(await JwksAsync(first)).Kid;
        }

        await using var restarted = new IdentityServerFactory(_database);

        Assert.Equal(kid, Assert.Single(await JwksAsync(restarted)).Kid);
        await new TokenValidator(restarted.CreateBackChannel()).ValidateAsync(token, "commerce-api", "at+jwt");
    }

    [Fact]
    public async Task A_rotated_key_is_published_first_and_signs_only_from_its_activation()
    {
        await using (var current = new IdentityServerFactory(_database))
        {
            await ClientCredentialsAsync(current);
            await using var scope = current.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<KeyStore>().ScheduleNextSigningKeyAsync();
        }

        await using var restarted = new IdentityServerFactory(_database);
        var published = await JwksAsync(restarted);
        Assert.Equal(["sig-1", "sig-2"], published.Select(k => k.Kid).Order());
        Assert.Equal("sig-1", KeyIdOf((await ClientCredentialsAsync(restarted)).AccessToken!));

        restarted.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));

        Assert.Equal("sig-2", KeyIdOf((await ClientCredentialsAsync(restarted)).AccessToken!));
        Assert.Equal(2, (await JwksAsync(restarted)).Count);
    }

    [Fact]
    public async Task ES256_can_be_chosen_instead_of_RS256()
    {
        await using var factory = new IdentityServerFactory(_database, new Dictionary<string, string?> { ["Signing:Algorithm"] = "ES256" });

        var key = Assert.Single(await JwksAsync(factory));
        var token = (await ClientCredentialsAsync(factory)).AccessToken!;

        Assert.Equal("EC", key.Kty);
        Assert.Equal("P-256", key.Crv);
        Assert.Equal("ES256", new JsonWebToken(token).Alg);
        await new TokenValidator(factory.CreateBackChannel()).ValidateAsync(token, "commerce-api", "at+jwt");
    }

    private static async Task<TokenResponse> ClientCredentialsAsync(IdentityServerFactory factory)
    {
        var response = await new TokenClient(factory.CreateBackChannel()).ClientCredentialsAsync(DemoRealm.PartnerErp, "products:read");
        Assert.NotNull(response.AccessToken);
        return response;
    }

    private static async Task<IList<JsonWebKey>> JwksAsync(IdentityServerFactory factory) =>
        new JsonWebKeySet(await factory.CreateBackChannel().GetStringAsync("/.well-known/jwks")).Keys;

    private static string KeyIdOf(string token) => new JsonWebToken(token).Kid;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();
}
