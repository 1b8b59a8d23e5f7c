using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Aict.IdentityServer.FunctionalTests.Administration;

/// <summary>
/// The realm keeps an administrator: the only one able to act cannot take away their own role, disable, lock
/// or delete themselves. A server of its own, where the demo admin is the only administrator.
/// </summary>
public sealed class LastAdministratorTests(SqliteServer server) : IClassFixture<SqliteServer>
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
}
