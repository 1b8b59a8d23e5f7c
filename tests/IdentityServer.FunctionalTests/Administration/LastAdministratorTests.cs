using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Aict.IdentityServer.FunctionalTests.Administration;

/// <summary>
/// The realm keeps an administrator: the only one able to act cannot take away their own role, disable, lock
/// or delete themselves. A server of its own, where the demo admin is the only administrator; both databases,
/// since what keeps two simultaneous demotions apart is each database's locking.
/// </summary>
public abstract class LastAdministratorTests(ServerFixture server)
{
    private IdentityServerFactory Factory => server.Factory;

    [Fact]
    public async Task The_only_administrator_cannot_remove_their_admin_role_disable_lock_or_delete_themselves()
    {
        var admin = await PortalSession.SignInAsync(Factory, DemoRealm.Admin);
        var adminId = await TestUsers.IdOfAsync(Factory, DemoRealm.Admin);

        foreach (var (method, path) in new[]
        {
            (HttpMethod.Delete, $"/api/admin/users/{adminId}/roles/admin"),
            (HttpMethod.Post, $"/api/admin/users/{adminId}/disable"),
            (HttpMethod.Post, $"/api/admin/users/{adminId}/lock"),
            (HttpMethod.Delete, $"/api/admin/users/{adminId}"),
        })
        {
            var problem = await AdminUsersApiTests.ProblemAsync(await admin.Api.SendAsync(new HttpRequestMessage(method, path)), HttpStatusCode.Conflict);
            Assert.Equal("urn:aict:problem:last-administrator", problem.GetProperty("type").GetString());
            Assert.Contains("only administrator", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var details = await admin.Api.GetFromJsonAsync<JsonElement>($"/api/admin/users/{adminId}");
        Assert.Equal(["admin"], details.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.False(details.GetProperty("disabled").GetBoolean());
        Assert.False(details.GetProperty("lockedOut").GetBoolean());
    }

    [Fact]
    public async Task With_another_administrator_one_of_them_can_lose_the_role_and_be_disabled()
    {
        var admin = await PortalSession.SignInAsync(Factory, DemoRealm.Admin);
        var other = await MfaUsers.EnrolTotpAsync(Factory, await TestUsers.CreateAsync(Factory, role: "admin"));
        var otherId = await TestUsers.IdOfAsync(Factory, other);
        var second = await PortalSession.SignInAsync(Factory, other);
        var adminId = await TestUsers.IdOfAsync(Factory, DemoRealm.Admin);

        // Once the other administrator is disabled, the demo admin is the last one again.
        Assert.Equal(HttpStatusCode.NoContent, (await second.Api.PostAsync($"/api/admin/users/{otherId}/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.Api.DeleteAsync($"/api/admin/users/{adminId}/roles/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Api.DeleteAsync($"/api/admin/users/{otherId}/roles/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Api.DeleteAsync($"/api/admin/users/{otherId}")).StatusCode);
    }

    [Fact]
    public async Task Two_administrators_removing_each_others_role_at_the_same_instant_leave_one_administrator()
    {
        var demoId = await TestUsers.IdOfAsync(Factory, DemoRealm.Admin);
        var (keeper, keeperId) = await NewAdministratorAsync();
        // The demo admin steps aside (disabled), so that only the two administrators of each round can act.
        Assert.Equal(HttpStatusCode.NoContent, (await keeper.Api.PostAsync($"/api/admin/users/{demoId}/disable", null)).StatusCode);
        try
        {
            for (var round = 0; round < 3; round++)
            {
                var (x, xId) = await NewAdministratorAsync();
                var (y, yId) = await NewAdministratorAsync();
                Assert.Equal(HttpStatusCode.NoContent, (await x.Api.DeleteAsync($"/api/admin/users/{keeperId}/roles/admin")).StatusCode);

                var answers = await Task.WhenAll(x.Api.DeleteAsync($"/api/admin/users/{yId}/roles/admin"), y.Api.DeleteAsync($"/api/admin/users/{xId}/roles/admin"));

                // The loser is refused either by the last-administrator check (both passed authorization before either
                // changed anything) or, when the winner was quicker, by authorization itself: it is no longer an administrator.
                var statuses = answers.Select(a => a.StatusCode).OrderBy(status => (int)status).ToList();
                Assert.Equal(HttpStatusCode.NoContent, statuses[0]);
                Assert.Contains(statuses[1], new[] { HttpStatusCode.Forbidden, HttpStatusCode.Conflict });
                (keeper, keeperId) = answers[0].StatusCode == HttpStatusCode.NoContent ? (x, xId) : (y, yId);
                Assert.Equal(HttpStatusCode.OK, (await keeper.Api.GetAsync("/api/admin/roles")).StatusCode);
            }
        }
        finally
        {
            // Back as the other tests expect it: the demo admin the only administrator.
            Assert.Equal(HttpStatusCode.NoContent, (await keeper.Api.PostAsync($"/api/admin/users/{demoId}/enable", null)).StatusCode);
            var demo = await PortalSession.SignInAsync(Factory, DemoRealm.Admin);
            Assert.Equal(HttpStatusCode.NoContent, (await demo.Api.DeleteAsync($"/api/admin/users/{keeperId}/roles/admin")).StatusCode);
        }
    }

    private async Task<(PortalSession Session, string Id)> NewAdministratorAsync()
    {
        var admin = await MfaUsers.EnrolTotpAsync(Factory, await TestUsers.CreateAsync(Factory, role: "admin"));
        return (await PortalSession.SignInAsync(Factory, admin), await TestUsers.IdOfAsync(Factory, admin));
    }
}

public sealed class LastAdministratorTestsOnSqlite(SqliteServer server) : LastAdministratorTests(server), IClassFixture<SqliteServer>;

public sealed class LastAdministratorTestsOnPostgres(PostgresServer server) : LastAdministratorTests(server), IClassFixture<PostgresServer>;
