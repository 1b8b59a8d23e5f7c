using System.Net;
using System.Text.Json;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.Provisioning;

/// <summary>Groups over SCIM are roles; the administrators' role stays out of a provisioning client's reach.</summary>
[Collection(OnSqlite.Name)]
public sealed class ScimGroupTests(SqliteServer server)
{
    private IdentityServerFactory Factory => server.Factory;

    [Fact]
    public async Task A_group_is_created_with_members_read_found_by_name_renamed_and_deleted()
    {
        var scim = await ScimClient.ForAsync(Factory);
        var member = await scim.PostAsync("/scim/v2/Users", ScimClient.NewUser());
        var name = $"sales-{Guid.NewGuid():N}";

        var created = await scim.PostAsync("/scim/v2/Groups", new
        {
            schemas = new[] { ScimClient.GroupSchema },
            displayName = name,
            members = new[] { new { value = member.Id } },
        });
        var found = await scim.GetAsync("/scim/v2/Groups?filter=" + Uri.EscapeDataString($"displayName eq \"{name.ToUpperInvariant()}\""));
        var userView = await scim.GetAsync($"/scim/v2/Users/{member.Id}");
        var renamed = await scim.PutAsync($"/scim/v2/Groups/{created.Id}", new { schemas = new[] { ScimClient.GroupSchema }, displayName = name + "-renamed" });
        var deleted = await scim.DeleteAsync($"/scim/v2/Groups/{created.Id}");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal([member.Id], Members(created));
        Assert.Equal(1, found.Json.GetProperty("totalResults").GetInt32());
        Assert.Equal(created.Id, userView.Json.GetProperty("groups")[0].GetProperty("value").GetString());
        Assert.Equal(name + "-renamed", renamed.Get("displayName"));
        Assert.Empty(Members(renamed));
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await scim.GetAsync($"/scim/v2/Groups/{created.Id}")).Status);
        Assert.Contains(await AuditAsync(member.Id!), e => e.Type == AuditEventTypes.RoleGranted && e.ClientId == "partner-hr");
        Assert.Contains(await AuditAsync(member.Id!), e => e.Type == AuditEventTypes.RoleRevoked && e.ClientId == "partner-hr");
    }

    [Fact]
    public async Task Members_are_added_and_removed_by_patch_in_the_shapes_Entra_ID_and_Okta_send()
    {
        var scim = await ScimClient.ForAsync(Factory);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await scim.PostAsync("/scim/v2/Users", ScimClient.NewUser())).Id!);
        }

        var group = await scim.PostAsync("/scim/v2/Groups", new { schemas = new[] { ScimClient.GroupSchema }, displayName = $"team-{Guid.NewGuid():N}" });
        var path = $"/scim/v2/Groups/{group.Id}";

        var added = await scim.PatchAsync(path, ScimClient.Patch(new { op = "Add", path = "members", value = ids.Select(id => new { value = id }) }));
        var byFilter = await scim.PatchAsync(path, ScimClient.Patch(new { op = "remove", path = $"members[value eq \"{ids[0]}\"]" }));
        var byValue = await scim.PatchAsync(path, ScimClient.Patch(new { op = "Remove", path = "members", value = new[] { new { value = ids[1] } } }));
        var replaced = await scim.PatchAsync(path, ScimClient.Patch(new { op = "replace", value = new { id = group.Id, displayName = "renamed-" + group.Id } }));
        var unknown = await scim.PatchAsync(path, ScimClient.Patch(new { op = "add", path = "members", value = new[] { new { value = "no-such-user" } } }));

        Assert.Equal(ids.Order(), Members(added).Order());
        Assert.NotEqual(group.Version, added.Version);
        Assert.Equal(ids.Skip(1).Order(), Members(byFilter).Order());
        Assert.Equal([ids[2]], Members(byValue));
        Assert.Equal("renamed-" + group.Id, replaced.Get("displayName"));
        Assert.Equal([ids[2]], Members(replaced));
        Assert.Equal("invalidValue", unknown.ScimType);
        Assert.Equal([ids[2]], Members(await scim.GetAsync(path)));
    }

    [Fact]
    public async Task Groups_are_listed_without_members_when_the_client_excludes_them()
    {
        var scim = await ScimClient.ForAsync(Factory);

        var list = await scim.GetAsync("/scim/v2/Groups?excludedAttributes=members&filter=" + Uri.EscapeDataString("displayName eq \"admin\""));

        var admin = Assert.Single(list.Json.GetProperty("Resources").EnumerateArray());
        Assert.Equal("admin", admin.GetProperty("displayName").GetString());
        Assert.False(admin.TryGetProperty("members", out _));
    }

    [Fact]
    public async Task The_administrators_role_cannot_be_changed_or_minted_over_SCIM()
    {
        var scim = await ScimClient.ForAsync(Factory);
        var user = await scim.PostAsync("/scim/v2/Users", ScimClient.NewUser());
        var admin = (await scim.GetAsync("/scim/v2/Groups?filter=" + Uri.EscapeDataString("displayName eq \"admin\""))).Json.GetProperty("Resources")[0];
        var adminPath = $"/scim/v2/Groups/{admin.GetProperty("id").GetString()}";
        var adminUserId = await TestUsers.IdOfAsync(Factory, DemoRealm.Admin);

        var refusals = new[]
        {
            await scim.PatchAsync(adminPath, ScimClient.Patch(new { op = "add", path = "members", value = new[] { new { value = user.Id } } })),
            await scim.PutAsync(adminPath, new { schemas = new[] { ScimClient.GroupSchema }, displayName = "admin" }),
            await scim.DeleteAsync(adminPath),
            // Another spelling of the same role key.
            await scim.PostAsync("/scim/v2/Groups", new { schemas = new[] { ScimClient.GroupSchema }, displayName = "ADMIN", members = new[] { new { value = user.Id } } }),
            await scim.PatchAsync($"/scim/v2/Users/{adminUserId}", ScimClient.Patch(new { op = "replace", path = "password", value = "Takeover#2026pass" })),
            await scim.PatchAsync($"/scim/v2/Users/{adminUserId}", ScimClient.Patch(new { op = "replace", path = "active", value = false })),
            await scim.DeleteAsync($"/scim/v2/Users/{adminUserId}"),
        };

        Assert.All(refusals, refused =>
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
            Assert.Contains("Scim:ManageAdministratorRole", refused.Detail);
        });
        await using var scope = Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.False(await users.IsInRoleAsync((await users.FindByIdAsync(user.Id!))!, "admin"));
        var adminUser = (await users.FindByIdAsync(adminUserId))!;
        Assert.False(adminUser.Disabled);
        Assert.True(await users.CheckPasswordAsync(adminUser, DemoRealm.Admin.Password));
        Assert.Contains(adminUserId, Members(await scim.GetAsync(adminPath)));
    }

    private static List<string?> Members(ScimResponse group) =>
        group.Json.TryGetProperty("members", out var members) ? [.. members.EnumerateArray().Select(m => m.GetProperty("value").GetString())] : [];

    private async Task<List<AuditEvent>> AuditAsync(string userId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().AuditEvents.AsNoTracking().Where(e => e.UserId == userId).ToListAsync();
    }
}

/// <summary>With <c>Scim:ManageAdministratorRole</c> on, the provisioning system may manage administrators too.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes the class through IAsyncLifetime.DisposeAsync.")]
public sealed class ScimAdministratorRoleSettingTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Sqlite();
    private IdentityServerFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _factory = new IdentityServerFactory(_database, new Dictionary<string, string?> { ["Scim:ManageAdministratorRole"] = "true" });
        using var client = _factory.CreateBackChannel();
        (await client.GetAsync("/.well-known/openid-configuration")).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task The_setting_lets_the_provisioning_client_grant_the_administrators_role()
    {
        var scim = await ScimClient.ForAsync(_factory);
        var user = await scim.PostAsync("/scim/v2/Users", ScimClient.NewUser());
        var admin = (await scim.GetAsync("/scim/v2/Groups?filter=" + Uri.EscapeDataString("displayName eq \"admin\""))).Json.GetProperty("Resources")[0];

        var granted = await scim.PatchAsync($"/scim/v2/Groups/{admin.GetProperty("id").GetString()}",
            ScimClient.Patch(new { op = "add", path = "members", value = new[] { new { value = user.Id } } }));

        Assert.Equal(HttpStatusCode.OK, granted.Status);
        Assert.Contains(granted.Json.GetProperty("members").EnumerateArray(), m => m.GetProperty("value").GetString() == user.Id);
    }
}
