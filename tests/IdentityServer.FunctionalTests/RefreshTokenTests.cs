using System.Net;
using Aict.IdentityServer.FunctionalTests.Infrastructure;

namespace Aict.IdentityServer.FunctionalTests;

public abstract class RefreshTokenTests(ServerFixture server)
{
    private readonly CodeFlow _flow = new(server.Factory);

    private Task<TokenResponse> SignInAsync() =>
        _flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, "openid profile offline_access orders:read"), DemoRealm.Alice);

    [Fact]
    public async Task Every_refresh_issues_a_new_refresh_token_and_fresh_tokens()
    {
        var first = await SignInAsync();

        var second = await _flow.Tokens.RefreshAsync(DemoRealm.ChannelWeb, first.RefreshToken!);

        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.NotNull(second.RefreshToken);
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        var before = await _flow.Validator.ValidateAsync(first.AccessToken!, "commerce-api", "at+jwt");
        var after = await _flow.Validator.ValidateAsync(second.AccessToken!, "commerce-api", "at+jwt");
        Assert.Equal(before.Subject, after.Subject);
        Assert.Equal(before.GetClaim("sid").Value, after.GetClaim("sid").Value);
        Assert.Equal(before.GetClaim("oi_au_id").Value, after.GetClaim("oi_au_id").Value);
        Assert.NotEqual(before.Id, after.Id);
        var id = await _flow.Validator.ValidateAsync(second.IdToken!, "channel-web", "JWT");
        Assert.Equal(before.Subject, id.Subject);
    }

    [Fact]
    public async Task Replaying_a_used_refresh_token_revokes_the_whole_family()
    {
        var first = await SignInAsync();
        var second = await _flow.Tokens.RefreshAsync(DemoRealm.ChannelWeb, first.RefreshToken!);
        var unrelated = await SignInAsync();

        var replay = await _flow.Tokens.RefreshAsync(DemoRealm.ChannelWeb, first.RefreshToken!);

        Assert.Equal(HttpStatusCode.BadRequest, replay.Status);
        Assert.Equal("invalid_grant", replay.Error);
        var latest = await _flow.Tokens.RefreshAsync(DemoRealm.ChannelWeb, second.RefreshToken!);
        Assert.Equal("invalid_grant", latest.Error);
        await AssertInactiveAsync(first.AccessToken!);
        await AssertInactiveAsync(second.AccessToken!);

        var other = await _flow.Tokens.RefreshAsync(DemoRealm.ChannelWeb, unrelated.RefreshToken!);
        Assert.Equal(HttpStatusCode.OK, other.Status);
    }

    [Fact]
    public async Task Concurrent_uses_of_one_refresh_token_rotate_once_and_the_rest_are_replays_that_end_the_family()
    {
        // A race is won or lost by timing: several rounds, each using one token eight times at once.
        for (var round = 0; round < 6; round++)
        {
            var tokens = await SignInAsync();

            var answers = await Task.WhenAll(Enumerable.Range(0, 8)
                .Select(_ => Task.Run(() => _flow.Tokens.RefreshAsync(DemoRealm.ChannelWeb, tokens.RefreshToken!))));

            Assert.Equal([.. Enumerable.Repeat("BadRequest invalid_grant", 7), "OK"],
                answers.Select(answer => $"{answer.Status} {answer.Error}".Trim()).Order(StringComparer.Ordinal));
            var winner = answers.Single(answer => answer.Status == HttpStatusCode.OK);
            Assert.Equal("invalid_grant", (await _flow.Tokens.RefreshAsync(DemoRealm.ChannelWeb, winner.RefreshToken!)).Error);
            await AssertInactiveAsync(winner.AccessToken!);
        }
    }

    [Fact]
    public async Task Replaying_an_authorization_code_revokes_what_it_issued()
    {
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb, "openid offline_access orders:read");
        var response = await _flow.AuthorizeAsync(request, DemoRealm.Alice);
        var tokens = await _flow.Tokens.RedeemAsync(request, response.Code!);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);

        var replay = await _flow.Tokens.RedeemAsync(request, response.Code!);

        Assert.Equal("invalid_grant", replay.Error);
        Assert.Null(replay.AccessToken);
        Assert.Equal("invalid_grant", (await _flow.Tokens.RefreshAsync(DemoRealm.ChannelWeb, tokens.RefreshToken!)).Error);
        await AssertInactiveAsync(tokens.AccessToken!);
    }

    [Fact]
    public async Task A_refresh_token_works_only_for_the_client_it_was_issued_to()
    {
        var tokens = await SignInAsync();

        var stolen = await _flow.Tokens.RefreshAsync(DemoRealm.SsoPortal, tokens.RefreshToken!);

        Assert.Equal("invalid_grant", stolen.Error);
    }

    [Fact]
    public async Task A_revoked_refresh_token_cannot_be_used()
    {
        var tokens = await SignInAsync();

        var revoked = await _flow.Tokens.RevokeAsync(DemoRealm.ChannelWeb, tokens.RefreshToken!);

        Assert.Equal(HttpStatusCode.OK, revoked.Status);
        Assert.Equal("invalid_grant", (await _flow.Tokens.RefreshAsync(DemoRealm.ChannelWeb, tokens.RefreshToken!)).Error);
    }

    [Fact]
    public async Task Introspection_describes_an_active_access_token_to_its_client()
    {
        var tokens = await SignInAsync();

        var introspection = await _flow.Tokens.IntrospectAsync(DemoRealm.ChannelWeb, tokens.AccessToken!);

        Assert.True(introspection.Json.GetProperty("active").GetBoolean());
        Assert.Equal("channel-web", introspection.Get("client_id"));
        Assert.Equal(IdentityServerFactory.Issuer, introspection.Get("iss"));
    }

    [Fact]
    public async Task No_refresh_token_without_offline_access()
    {
        var tokens = await _flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, "openid"), DemoRealm.Alice);

        Assert.Null(tokens.RefreshToken);
    }

    private async Task AssertInactiveAsync(string accessToken)
    {
        var introspection = await _flow.Tokens.IntrospectAsync(DemoRealm.ChannelWeb, accessToken);
        Assert.False(introspection.Json.GetProperty("active").GetBoolean(), "the family's access tokens are revoked");
    }
}

[Collection(OnSqlite.Name)]
public sealed class RefreshTokenOnSqlite(SqliteServer server) : RefreshTokenTests(server);

[Collection(OnPostgres.Name)]
public sealed class RefreshTokenOnPostgres(PostgresServer server) : RefreshTokenTests(server);
