using System.Net;
using System.Text.Json.Nodes;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.Protocol.Registration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.Registration;

/// <summary>A single-use initial access token is spent by one conditional UPDATE: registrations racing for it get one client.</summary>
public abstract class SingleUseTokenRaceTests(ServerFixture server)
{
    [Fact]
    public async Task Registrations_racing_for_a_single_use_token_register_exactly_one_client()
    {
        var factory = server.Factory;
        string token;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            (_, token) = await scope.ServiceProvider.GetRequiredService<InitialAccessTokens>().CreateAsync(
                "race", factory.Clock.GetUtcNow().AddHours(1), multiUse: false, ["openid"], ["authorization_code"], createdBy: null, default);
        }

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
        {
            var metadata = new JsonObject { ["redirect_uris"] = new JsonArray("https://race.example/cb"), ["scope"] = "openid", ["client_name"] = "race" };
            return new RegistrationCalls(factory.CreateBackChannel()).RegisterAsync(token, metadata);
        }));

        Assert.Single(answers, a => a.Status == HttpStatusCode.Created);
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.Created), a => Assert.Equal("invalid_token", a.Error));
        await using var check = factory.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var hash = BearerSecrets.Hash(token);
        Assert.Equal(1, (await db.InitialAccessTokens.SingleAsync(t => t.TokenHash == hash)).UseCount);
        var created = answers.Single(a => a.Status == HttpStatusCode.Created).ClientId;
        Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.Type == "client_registered" && e.ClientId == created));
    }
}

[Collection(OnSqlite.Name)]
public sealed class SingleUseTokenRaceOnSqlite(SqliteServer server) : SingleUseTokenRaceTests(server);

[Collection(OnPostgres.Name)]
public sealed class SingleUseTokenRaceOnPostgres(PostgresServer server) : SingleUseTokenRaceTests(server);
