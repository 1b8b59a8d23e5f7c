using System.Net;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.Protocol.Revocation;
using Aict.ServiceDefaults.Revocation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.CommerceApi.FunctionalTests.Revocation;

/// <summary>
/// A revocation Redis cannot take is kept in the identity database and written once Redis is back: no
/// revocation is lost to an outage. IdentityServer and CommerceApi of their own share a private redis-server.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes test classes through IAsyncLifetime.DisposeAsync.")]
public abstract class RevocationOutboxTests(Func<TestDatabase> database) : IAsyncLifetime
{
    private const string Path = "/api/categories";

    private readonly PrivateRedis _redis = new();
    private readonly TestDatabase _identityDatabase = database();
    private IdentityServerFactory _identity = null!;

    [Fact]
    public async Task A_token_revoked_while_Redis_is_down_waits_in_the_outbox_retried_and_is_refused_once_Redis_is_back()
    {
        await using var api = new OwnApi(_identity, database(), new Dictionary<string, string?> { ["ConnectionStrings:redis"] = _redis.ConnectionString });
        var tokens = new TokenClient(_identity.CreateBackChannel());
        var token = (await tokens.ClientCredentialsAsync(DemoRealm.PartnerErp, "products:read")).AccessToken!;
        using var client = api.CreateClient(token);
        using (var before = await client.GetAsync(Path))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await _redis.StopAsync();
        Assert.Equal(HttpStatusCode.OK, (await tokens.RevokeAsync(DemoRealm.PartnerErp, token)).Status);

        var pending = Assert.Single(await PendingAsync());
        Assert.Equal(RevocationKind.Token, pending.Kind);
        await Aict.TestSupport.Eventually.MatchAsync(PendingAsync, pending => pending is [{ Attempts: >= 2, LastError: not null }],
            "the relay to keep retrying while Redis is down, recording why each attempt failed");

        await _redis.StartAsync();

        using var after = await Eventually.StatusAsync(client, Path, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        await Aict.TestSupport.Eventually.MatchAsync(PendingAsync, pending => pending.Count == 0, "the outbox to be empty once Redis took the entry");
    }

    [Fact]
    public async Task While_Redis_is_up_a_revocation_goes_straight_to_the_list_and_never_to_the_outbox()
    {
        await using var api = new OwnApi(_identity, database(), new Dictionary<string, string?> { ["ConnectionStrings:redis"] = _redis.ConnectionString });
        var tokens = new TokenClient(_identity.CreateBackChannel());
        var token = (await tokens.ClientCredentialsAsync(DemoRealm.PartnerErp, "products:read")).AccessToken!;
        using var client = api.CreateClient(token);

        Assert.Equal(HttpStatusCode.OK, (await tokens.RevokeAsync(DemoRealm.PartnerErp, token)).Status);

        using var after = await Eventually.StatusAsync(client, Path, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Empty(await PendingAsync());
    }

    public async Task InitializeAsync()
    {
        await _redis.StartAsync();
        _identity = new IdentityServerFactory(_identityDatabase, new Dictionary<string, string?>
        {
            // Short timeouts: a write to the stopped server fails in a second, not five.
            ["ConnectionStrings:redis"] = $"{_redis.ConnectionString},connectTimeout=1000,asyncTimeout=1000,syncTimeout=1000",
            ["RevocationOutbox:PollInterval"] = "00:00:00.200",
            ["RevocationOutbox:MaxRetryDelay"] = "00:00:01",
        });
        using var discovery = _identity.CreateBackChannel();
        (await discovery.GetAsync("/.well-known/openid-configuration")).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await _identity.DisposeAsync();
        await _identityDatabase.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private async Task<List<PendingRevocation>> PendingAsync()
    {
        await using var scope = _identity.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().PendingRevocations.AsNoTracking().ToListAsync();
    }
}

public sealed class RevocationOutboxTestsOnSqlite() : RevocationOutboxTests(TestDatabase.Sqlite);

public sealed class RevocationOutboxTestsOnPostgres() : RevocationOutboxTests(TestDatabase.Postgres);
