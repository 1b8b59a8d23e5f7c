using System.Net;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Detection.Alerts;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.Platform.Pruning;
using Aict.IdentityServer.Sessions;
using Aict.IdentityServer.Sessions.BackchannelLogout;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using StackExchange.Redis;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.FunctionalTests.Pruning;

/// <summary>Old finished rows go; live and recent ones stay. Each class has its own server: the clock moves by weeks.</summary>
public abstract class TablePruningTests(PruningServer server)
{
    private IdentityServerFactory Factory => server.Factory;

    [Fact]
    public async Task A_round_deletes_what_ended_past_the_retention_and_keeps_the_rest()
    {
        var user = await TestUsers.CreateAsync(Factory);
        var userId = await TestUsers.IdOfAsync(Factory, user);
        var request = new AuthorizationRequest(DemoRealm.ChannelWeb, "openid offline_access products:read");
        await new CodeFlow(Factory).SignInAsync(request, user);
        Assert.Equal(1, await CountTokensAsync(userId, TokenTypeIdentifiers.Private.AuthorizationCode));

        Factory.Clock.Advance(TimeSpan.FromDays(15));
        var recent = await new CodeFlow(Factory).SignInAsync(request, user);
        var now = Factory.Clock.GetUtcNow();
        await SeedAsync(userId, now);

        var pruned = await RunRoundAsync();

        Assert.NotNull(pruned);
        Assert.Equal(1, await CountTokensAsync(userId, TokenTypeIdentifiers.Private.AuthorizationCode));
        Assert.Equal(HttpStatusCode.OK, (await new TokenClient(Factory.CreateBackChannel()).RefreshAsync(DemoRealm.ChannelWeb, recent.RefreshToken!)).Status);
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        Assert.Equal(["live", "recently-ended"], await db.Sessions.Where(s => s.UserId == userId && s.UserAgent != null)
            .OrderBy(s => s.UserAgent).Select(s => s.UserAgent!).ToListAsync());
        Assert.False(await db.SessionGrants.AnyAsync(g => g.ClientId == "pruning-old-grant"));
        Assert.Equal(["recent"], await db.AuditEvents.Where(e => e.UserId == userId && e.ClientId != null).Select(e => e.ClientId!).ToListAsync());
        Assert.Equal(["delivered-recently", "pending"], await db.BackchannelLogoutDeliveries.Where(d => d.Subject == userId)
            .OrderBy(d => d.ClientId).Select(d => d.ClientId).ToListAsync());
        var alertId = await db.SecurityAlerts.Where(a => a.UserId == userId).Select(a => a.Id).SingleAsync();
        Assert.Equal(["delivered-recently", "pending"], await db.AlertDeliveries.Where(d => d.AlertId == alertId)
            .OrderBy(d => d.Sink).Select(d => d.Sink).ToListAsync());
    }

    [Fact]
    public async Task A_redeemed_refresh_token_stays_until_it_expires_so_that_its_replay_still_revokes_the_family()
    {
        var user = await TestUsers.CreateAsync(Factory);
        var userId = await TestUsers.IdOfAsync(Factory, user);
        var flow = new CodeFlow(Factory);
        var first = await flow.SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, "openid offline_access"), user);
        var rotated = await flow.Tokens.RefreshAsync(DemoRealm.ChannelWeb, first.RefreshToken!);
        Assert.NotNull(rotated.RefreshToken);

        // Issued and redeemed longer than the retention (14 days) ago, but within its lifetime (30 days on this server).
        Factory.Clock.Advance(TimeSpan.FromDays(15));
        Assert.NotNull(await RunRoundAsync());

        Assert.Equal("invalid_grant", (await flow.Tokens.RefreshAsync(DemoRealm.ChannelWeb, first.RefreshToken!)).Error);
        Assert.Equal("invalid_grant", (await flow.Tokens.RefreshAsync(DemoRealm.ChannelWeb, rotated.RefreshToken!)).Error);

        // Expired, revoked, and the retention past both: the family's rows go.
        Factory.Clock.Advance(TimeSpan.FromDays(30));
        Assert.NotNull(await RunRoundAsync());
        Assert.Equal(0, await CountTokensAsync(userId, TokenTypeIdentifiers.RefreshToken));
    }

    [Fact]
    public async Task While_another_instance_holds_the_lock_a_round_deletes_nothing()
    {
        var userId = await TestUsers.IdOfAsync(Factory, await TestUsers.CreateAsync(Factory));
        await SeedAsync(userId, Factory.Clock.GetUtcNow());
        var redis = Factory.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        Assert.True(await redis.LockTakeAsync(server.LockKey, "other-instance", TimeSpan.FromMinutes(5)));
        try
        {
            Assert.Null(await RunRoundAsync());
            await using var scope = Factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            Assert.True(await db.AuditEvents.AnyAsync(e => e.UserId == userId && e.ClientId == "old"));
        }
        finally
        {
            await redis.LockReleaseAsync(server.LockKey, "other-instance");
        }

        Assert.NotNull(await RunRoundAsync());
    }

    private async Task<PrunedRows?> RunRoundAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TablePruning>().RunAsync(CancellationToken.None);
    }

    private async Task<int> CountTokensAsync(string subject, string type)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        var count = 0;
        await foreach (var token in tokens.FindBySubjectAsync(subject))
        {
            count += await tokens.HasTypeAsync(token, type) ? 1 : 0;
        }

        return count;
    }

    /// <summary>Rows on both sides of the retention (14 days) and of the audit retention (180 days).</summary>
    private async Task SeedAsync(string userId, DateTimeOffset now)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var old = Session(userId, "ended-long-ago", now.AddDays(-30), endedAt: now.AddDays(-20));
        old.Grants.Add(new SessionGrant { AuthorizationId = Guid.NewGuid().ToString(), SessionId = old.Id, ClientId = "pruning-old-grant", GrantedAt = now.AddDays(-30) });
        db.Sessions.AddRange(
            old,
            Session(userId, "expired-long-ago", now.AddDays(-20), endedAt: null),
            Session(userId, "recently-ended", now.AddDays(-2), endedAt: now.AddDays(-1)),
            Session(userId, "live", now.AddMinutes(-5), endedAt: null));
        db.AuditEvents.AddRange(
            new AuditEvent { UserId = userId, Type = AuditEventTypes.SignedIn, OccurredAt = now.AddDays(-200), ClientId = "old" },
            new AuditEvent { UserId = userId, Type = AuditEventTypes.SignedIn, OccurredAt = now.AddDays(-100), ClientId = "recent" });
        db.BackchannelLogoutDeliveries.AddRange(
            Delivery(userId, "delivered-long-ago", now.AddDays(-20), delivered: true),
            Delivery(userId, "abandoned-long-ago", now.AddDays(-20), delivered: false),
            Delivery(userId, "delivered-recently", now.AddDays(-1), delivered: true),
            new BackchannelLogoutDelivery { ClientId = "pending", Subject = userId, SessionId = "s", CreatedAt = now.AddDays(-20), NextAttemptAt = now });
        var alert = new SecurityAlert { Type = SecurityAlertTypes.NewDevice, Severity = AlertSeverities.Low, UserId = userId, RaisedAt = now.AddDays(-30), Reasons = "[]" };
        db.SecurityAlerts.Add(alert);
        await db.SaveChangesAsync();
        db.AlertDeliveries.AddRange(
            AlertDelivery(alert.Id, "delivered-long-ago", now.AddDays(-20), delivered: true),
            AlertDelivery(alert.Id, "abandoned-long-ago", now.AddDays(-20), delivered: false),
            AlertDelivery(alert.Id, "delivered-recently", now.AddDays(-1), delivered: true),
            new AlertDelivery { AlertId = alert.Id, Sink = "pending", Body = "{}", CreatedAt = now.AddDays(-20), NextAttemptAt = now });
        await db.SaveChangesAsync();
    }

    private static UserSession Session(string userId, string label, DateTimeOffset signedInAt, DateTimeOffset? endedAt) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        UserId = userId,
        SignedInAt = signedInAt,
        LastActivityAt = endedAt ?? signedInAt,
        ExpiresAt = signedInAt.AddHours(24),
        Methods = "pwd",
        UserAgent = label,
        EndedAt = endedAt,
        EndReason = endedAt is null ? null : SessionEndReason.SignedOut,
    };

    private static AlertDelivery AlertDelivery(long alertId, string sink, DateTimeOffset finishedAt, bool delivered) => new()
    {
        AlertId = alertId,
        Sink = sink,
        Body = "{}",
        CreatedAt = finishedAt.AddMinutes(-1),
        NextAttemptAt = finishedAt,
        DeliveredAt = delivered ? finishedAt : null,
        AbandonedAt = delivered ? null : finishedAt,
    };

    private static BackchannelLogoutDelivery Delivery(string userId, string clientId, DateTimeOffset finishedAt, bool delivered) => new()
    {
        ClientId = clientId,
        Subject = userId,
        SessionId = "s",
        CreatedAt = finishedAt.AddMinutes(-1),
        NextAttemptAt = finishedAt,
        DeliveredAt = delivered ? finishedAt : null,
        AbandonedAt = delivered ? null : finishedAt,
    };
}

/// <summary>
/// An IdentityServer of its own, with its own pruning lock key in the shared test Redis, and refresh tokens that
/// outlive the retention (30 days against 14) so that pruning by issue date alone would show.
/// </summary>
public abstract class PruningServer(TestDatabase database, string lockKey)
    : ServerFixture(database, new Dictionary<string, string?> { ["Pruning:LockKey"] = lockKey, ["Tokens:RefreshTokenSliding"] = "30.00:00:00" })
{
    public string LockKey => lockKey;
}

public sealed class SqlitePruningServer() : PruningServer(TestDatabase.Sqlite(), $"test:{Guid.NewGuid():N}:pruning-lock");

public sealed class PostgresPruningServer() : PruningServer(TestDatabase.Postgres(), $"test:{Guid.NewGuid():N}:pruning-lock");

public sealed class TablePruningOnSqlite(SqlitePruningServer server) : TablePruningTests(server), IClassFixture<SqlitePruningServer>;

public sealed class TablePruningOnPostgres(PostgresPruningServer server) : TablePruningTests(server), IClassFixture<PostgresPruningServer>;
