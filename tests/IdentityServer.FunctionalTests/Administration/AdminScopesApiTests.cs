using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Aict.IdentityServer.FunctionalTests.Administration;

/// <summary>Scopes and API resources managed through the admin API reach the token endpoint at once.</summary>
public abstract class AdminScopesApiTests(ServerFixture server)
{
    private readonly TokenClient _tokens = new(server.Factory.CreateBackChannel());

    private IdentityServerFactory Factory => server.Factory;

    [Fact]
    public async Task A_new_scope_given_to_a_client_can_be_requested_at_once_for_its_audience()
    {
        var admin = await ConsoleAdministrator.SignInAsync(Factory);
        var scope = NewScopeName();

        using var created = await admin.Api.PostAsJsonAsync("/api/admin/scopes", Input(scope, "reports-api", displayName: "Reports"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var client = await admin.CreateClientAsync(ConsoleAdministrator.MachineClient(scope));

        var token = await _tokens.ClientCredentialsAsync(client, scope);

        Assert.Equal(HttpStatusCode.OK, token.Status);
        Assert.Equal(["reports-api"], new JsonWebToken(token.AccessToken).Audiences);
        var resources = await admin.Api.GetFromJsonAsync<JsonElement>("/api/admin/resources");
        var reports = resources.EnumerateArray().Single(r => r.GetProperty("name").GetString() == "reports-api");
        Assert.Contains(scope, reports.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains(AuditEventTypes.ScopeCreated, await admin.AuditedAsync(clientId: null));
    }

    [Fact]
    public async Task A_changed_audience_is_in_the_next_token()
    {
        var admin = await ConsoleAdministrator.SignInAsync(Factory);
        var scope = NewScopeName();
        (await admin.Api.PostAsJsonAsync("/api/admin/scopes", Input(scope, "first-api"))).EnsureSuccessStatusCode();
        var client = await admin.CreateClientAsync(ConsoleAdministrator.MachineClient(scope));
        Assert.Equal(["first-api"], new JsonWebToken((await _tokens.ClientCredentialsAsync(client, scope)).AccessToken).Audiences);

        using var updated = await admin.Api.PutAsJsonAsync($"/api/admin/scopes/{scope}", Input(null, "second-api", description: "Second"));

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(["second-api"], new JsonWebToken((await _tokens.ClientCredentialsAsync(client, scope)).AccessToken).Audiences);
        var listed = (await admin.Api.GetFromJsonAsync<JsonElement>($"/api/admin/scopes/{scope}"));
        Assert.Equal("Second", listed.GetProperty("description").GetString());
        Assert.Equal([client.ClientId], listed.GetProperty("clients").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task A_scope_still_given_to_a_client_is_neither_deleted_nor_renamed_until_taken_away()
    {
        var admin = await ConsoleAdministrator.SignInAsync(Factory);
        var scope = NewScopeName();
        (await admin.Api.PostAsJsonAsync("/api/admin/scopes", Input(scope, "reports-api"))).EnsureSuccessStatusCode();
        var client = await admin.CreateClientAsync(ConsoleAdministrator.MachineClient($"products:read {scope}"));

        using var deleted = await admin.Api.DeleteAsync($"/api/admin/scopes/{scope}");
        using var renamed = await admin.Api.PutAsJsonAsync($"/api/admin/scopes/{scope}", new { name = scope + "-new" });

        Assert.Equal(HttpStatusCode.Conflict, deleted.StatusCode);
        Assert.Equal([client.ClientId], (await deleted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("clients").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(HttpStatusCode.Conflict, renamed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _tokens.ClientCredentialsAsync(client, scope)).Status);

        (await admin.Api.PutAsJsonAsync($"/api/admin/clients/{client.ClientId}", ConsoleAdministrator.MachineClient())).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Api.DeleteAsync($"/api/admin/scopes/{scope}")).StatusCode);
        Assert.Equal("invalid_scope", (await _tokens.ClientCredentialsAsync(client, scope)).Error);
        Assert.Contains(AuditEventTypes.ScopeDeleted, await admin.AuditedAsync(clientId: null));
    }

    [Theory]
    [InlineData("openid")]
    [InlineData("offline_access")]
    [InlineData("account")]
    public async Task A_built_in_scope_is_neither_deleted_nor_renamed(string scope)
    {
        var admin = await ConsoleAdministrator.SignInAsync(Factory);

        Assert.Equal(HttpStatusCode.Conflict, (await admin.Api.DeleteAsync($"/api/admin/scopes/{scope}")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.Api.PutAsJsonAsync($"/api/admin/scopes/{scope}", new { name = "renamed" })).StatusCode);
        var listed = await admin.Api.GetFromJsonAsync<JsonElement>($"/api/admin/scopes/{scope}");
        Assert.True(listed.GetProperty("builtIn").GetBoolean());
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("quote\"d")]
    [InlineData("back\\slash")]
    [InlineData("")]
    [InlineData("한국어")]
    public async Task A_name_that_is_not_an_RFC_6749_scope_token_is_refused_on_its_field(string name)
    {
        var admin = await ConsoleAdministrator.SignInAsync(Factory);

        using var response = await admin.Api.PostAsJsonAsync("/api/admin/scopes", new { name });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task An_existing_scope_name_is_a_conflict_and_a_non_admin_is_refused()
    {
        var admin = await ConsoleAdministrator.SignInAsync(Factory);
        var user = await PortalSession.SignInAsync(Factory, DemoRealm.Alice);

        Assert.Equal(HttpStatusCode.Conflict, (await admin.Api.PostAsJsonAsync("/api/admin/scopes", new { name = "products:read" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.Api.PostAsJsonAsync("/api/admin/scopes", new { name = "profile" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.Api.GetAsync("/api/admin/scopes")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.Api.DeleteAsync("/api/admin/scopes/products:read")).StatusCode);
    }

    private static object Input(string? name, string? resource = null, string? displayName = null, string? description = null) =>
        new { name, displayName, description, resources = resource is null ? null : new List<string> { resource } };

    private static string NewScopeName() => $"reports:{Guid.NewGuid():N}"[..20];
}

[Collection(OnSqlite.Name)]
public sealed class AdminScopesApiTestsOnSqlite(SqliteServer server) : AdminScopesApiTests(server);
