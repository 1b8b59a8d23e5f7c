using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aict.IdentityServer.FunctionalTests.Infrastructure;

namespace Aict.IdentityServer.FunctionalTests.Administration;

/// <summary>Roles: listed with their member counts, created, granted, revoked, deleted once unused; the admin role stays.</summary>
[Collection(OnSqlite.Name)]
public sealed class AdminRolesApiTests(SqliteServer server)
{
    private IdentityServerFactory Factory => server.Factory;

    [Fact]
    public async Task A_role_is_created_granted_revoked_and_deleted_and_each_change_is_audited_with_the_admin_as_actor()
    {
        var admin = await PortalSession.SignInAsync(Factory, DemoRealm.Admin);
        var userId = await TestUsers.IdOfAsync(Factory, await TestUsers.CreateAsync(Factory));
        var role = $"auditor-{Guid.NewGuid():N}"[..20];

        Assert.Equal(HttpStatusCode.Created, (await admin.Api.PostAsJsonAsync("/api/admin/roles", new { name = role })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Api.PutAsync($"/api/admin/users/{userId}/roles/{role}", null)).StatusCode);

        Assert.Equal(1, (await RolesAsync(admin))[role]);
        Assert.Equal([role], (await admin.Api.GetFromJsonAsync<JsonElement>($"/api/admin/users/{userId}")).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(HttpStatusCode.Conflict, (await admin.Api.DeleteAsync($"/api/admin/roles/{role}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Api.DeleteAsync($"/api/admin/users/{userId}/roles/{role}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Api.DeleteAsync($"/api/admin/roles/{role}")).StatusCode);
        Assert.DoesNotContain(role, (await RolesAsync(admin)).Keys);

        var adminId = await TestUsers.IdOfAsync(Factory, DemoRealm.Admin);
        var events = (await admin.Api.GetFromJsonAsync<JsonElement>($"/api/admin/users/{userId}/activity")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["role_revoked", "role_granted"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.All(events, e => Assert.Equal(adminId, e.GetProperty("actorId").GetString()));
        var roleEvents = (await admin.Api.GetFromJsonAsync<JsonElement>($"/api/admin/audit?actor={adminId}&type=role_created")).GetProperty("items");
        Assert.NotEmpty(roleEvents.EnumerateArray());
    }

    [Fact]
    public async Task Role_refusals_are_problems_and_change_nothing()
    {
        var admin = await PortalSession.SignInAsync(Factory, DemoRealm.Admin);
        var userId = await TestUsers.IdOfAsync(Factory, await TestUsers.CreateAsync(Factory));

        Assert.NotEmpty(AdminUsersApiTests.ErrorsFor(
            await AdminUsersApiTests.ProblemAsync(await admin.Api.PostAsJsonAsync("/api/admin/roles", new { name = "Has Spaces" }), HttpStatusCode.BadRequest), "name"));
        await AdminUsersApiTests.ProblemAsync(await admin.Api.PostAsJsonAsync("/api/admin/roles", new { name = "admin" }), HttpStatusCode.Conflict);
        await AdminUsersApiTests.ProblemAsync(await admin.Api.DeleteAsync("/api/admin/roles/admin"), HttpStatusCode.Conflict);
        await AdminUsersApiTests.ProblemAsync(await admin.Api.DeleteAsync("/api/admin/roles/no-such-role"), HttpStatusCode.NotFound);
        await AdminUsersApiTests.ProblemAsync(await admin.Api.PutAsync($"/api/admin/users/{userId}/roles/no-such-role", null), HttpStatusCode.NotFound);
        await AdminUsersApiTests.ProblemAsync(await admin.Api.DeleteAsync($"/api/admin/users/{userId}/roles/admin"), HttpStatusCode.NotFound);
        await AdminUsersApiTests.ProblemAsync(await admin.Api.PutAsync("/api/admin/users/no-such-user/roles/admin", null), HttpStatusCode.NotFound);

        Assert.Empty((await admin.Api.GetFromJsonAsync<JsonElement>($"/api/admin/users/{userId}")).GetProperty("roles").EnumerateArray());
        Assert.Contains("admin", (await RolesAsync(admin)).Keys);
    }

    private static async Task<Dictionary<string, int>> RolesAsync(PortalSession admin) =>
        (await admin.Api.GetFromJsonAsync<JsonElement>("/api/admin/roles")).EnumerateArray()
            .ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("users").GetInt32());
}
