using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.FunctionalTests.Infrastructure;

namespace Aict.IdentityServer.FunctionalTests.Administration;

/// <summary>Clients managed through the admin API take effect at the protocol endpoints at once.</summary>
public abstract class AdminClientsApiTests(ServerFixture server)
{
    private readonly TokenClient _tokens = new(server.Factory.CreateBackChannel());

    private IdentityServerFactory Factory => server.Factory;

    [Fact]
    public async Task A_created_client_gets_a_token_with_the_secret_shown_once_and_never_again()
    {
        var admin = await ConsoleAdministrator.SignInAsync(Factory);

        var client = await admin.CreateClientAsync(ConsoleAdministrator.MachineClient());

        Assert.Equal(43, client.Secret!.Length);
        Assert.Equal(HttpStatusCode.OK, (await _tokens.ClientCredentialsAsync(client, "products:read")).Status);
        var read = await admin.Api.GetStringAsync($"/api/admin/clients/{client.ClientId}");
        Assert.DoesNotContain(client.Secret, read, StringComparison.Ordinal);
        Assert.DoesNotContain("secret\":\"", read, StringComparison.OrdinalIgnoreCase);
        var listed = await admin.Api.GetFromJsonAsync<JsonElement>("/api/admin/clients");
        var line = listed.EnumerateArray().Single(c => c.GetProperty("clientId").GetString() == client.ClientId);
        Assert.Equal("confidential", line.GetProperty("clientType").GetString());
        Assert.Equal(["client_credentials"], line.GetProperty("grantTypes").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal([AuditEventTypes.ClientCreated], await admin.AuditedAsync(client.ClientId));
    }

    [Fact]
    public async Task A_created_web_client_completes_a_code_flow_with_PKCE()
    {
        var admin = await ConsoleAdministrator.SignInAsync(Factory);
        var client = await admin.CreateClientAsync(ConsoleAdministrator.WebClient("https://app.example/callback"), "https://app.example/callback");

        var tokens = await new CodeFlow(Factory).SignInAsync(new AuthorizationRequest(client, "openid profile offline_access"), DemoRealm.Alice);

        Assert.NotNull(tokens.IdToken);
        Assert.NotNull(tokens.RefreshToken);
    }

    [Fact]
    public async Task An_edited_redirect_uri_is_used_at_once_and_the_old_one_is_refused()
    {
        var admin = await ConsoleAdministrator.SignInAsync(Factory);
        var client = await admin.CreateClientAsync(ConsoleAdministrator.WebClient("https://app.example/old"), "https://app.example/old");
        var flow = new CodeFlow(Factory);
        await flow.SignInAsync(new AuthorizationRequest(client, "openid profile"), DemoRealm.Alice);

        var edited = ConsoleAdministrator.WebClient("https://app.example/new");
        using var response = await admin.Api.PutAsJsonAsync($"/api/admin/clients/{client.ClientId}", edited);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("clientSecret").ValueKind);
        var old = await flow.Browser.GoAsync(new AuthorizationRequest(client, "openid profile").Url);
        Assert.Null(old.LeftTo);
        Assert.Equal(HttpStatusCode.BadRequest, old.Status);
        var tokens = await flow.SignInAsync(new AuthorizationRequest(client with { RedirectUri = "https://app.example/new" }, "openid profile"), DemoRealm.Alice);
        Assert.NotNull(tokens.AccessToken);
        Assert.Equal([AuditEventTypes.ClientCreated, AuditEventTypes.ClientUpdated], await admin.AuditedAsync(client.ClientId));
    }

    [Fact]
    public async Task A_rotated_secret_replaces_the_old_one_at_once()
    {
        var admin = await ConsoleAdministrator.SignInAsync(Factory);
        var client = await admin.CreateClientAsync(ConsoleAdministrator.MachineClient());
        Assert.Equal(HttpStatusCode.OK, (await _tokens.ClientCredentialsAsync(client, "products:read")).Status);

        using var response = await admin.Api.PostAsync($"/api/admin/clients/{client.ClientId}/secret", null);

        var rotated = client with { Secret = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("clientSecret").GetString() };
        Assert.NotEqual(client.Secret, rotated.Secret);
        var old = await _tokens.ClientCredentialsAsync(client, "products:read");
        Assert.Equal(HttpStatusCode.Unauthorized, old.Status);
        Assert.Equal("invalid_client", old.Error);
        Assert.Equal(HttpStatusCode.OK, (await _tokens.ClientCredentialsAsync(rotated, "products:read")).Status);
        Assert.Contains(AuditEventTypes.ClientSecretRotated, await admin.AuditedAsync(client.ClientId));
    }

    [Fact]
    public async Task A_disabled_client_is_refused_everywhere_and_its_tokens_die_until_enabled_again()
    {
        var admin = await ConsoleAdministrator.SignInAsync(Factory);
        var machine = await admin.CreateClientAsync(ConsoleAdministrator.MachineClient());
        var web = await admin.CreateClientAsync(ConsoleAdministrator.WebClient("https://app.example/callback"), "https://app.example/callback");
        var token = (await _tokens.ClientCredentialsAsync(machine, "products:read")).AccessToken!;
        var flow = new CodeFlow(Factory);
        var userTokens = await flow.SignInAsync(new AuthorizationRequest(web, "openid offline_access"), DemoRealm.Alice);

        Assert.Equal(HttpStatusCode.OK, (await admin.Api.PostAsync($"/api/admin/clients/{machine.ClientId}/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Api.PostAsync($"/api/admin/clients/{web.ClientId}/disable", null)).StatusCode);

        var refused = await _tokens.ClientCredentialsAsync(machine, "products:read");
        Assert.Equal("invalid_client", refused.Error);
        Assert.Equal("invalid_client", (await _tokens.RefreshAsync(web, userTokens.RefreshToken!)).Error);
        var page = await flow.Browser.GoAsync(new AuthorizationRequest(web, "openid profile").Url);
        Assert.Null(page.LeftTo);
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains("invalid_request", page.Html, StringComparison.Ordinal);
        var state = await admin.Api.GetFromJsonAsync<JsonElement>($"/api/admin/clients/{machine.ClientId}");
        Assert.True(state.GetProperty("disabled").GetBoolean());

        Assert.Equal(HttpStatusCode.OK, (await admin.Api.PostAsync($"/api/admin/clients/{machine.ClientId}/enable", null)).StatusCode);
        Assert.False((await _tokens.IntrospectAsync(machine, token)).Json.GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await _tokens.ClientCredentialsAsync(machine, "products:read")).Status);
        Assert.Equal([AuditEventTypes.ClientCreated, AuditEventTypes.ClientDisabled, AuditEventTypes.ClientEnabled], await admin.AuditedAsync(machine.ClientId));
    }

    [Fact]
    public async Task A_deleted_client_gets_invalid_client()
    {
        var admin = await ConsoleAdministrator.SignInAsync(Factory);
        var client = await admin.CreateClientAsync(ConsoleAdministrator.MachineClient());
        Assert.Equal(HttpStatusCode.OK, (await _tokens.ClientCredentialsAsync(client, "products:read")).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Api.DeleteAsync($"/api/admin/clients/{client.ClientId}")).StatusCode);

        Assert.Equal("invalid_client", (await _tokens.ClientCredentialsAsync(client, "products:read")).Error);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Api.GetAsync($"/api/admin/clients/{client.ClientId}")).StatusCode);
        Assert.Equal([AuditEventTypes.ClientCreated, AuditEventTypes.ClientDeleted], await admin.AuditedAsync(client.ClientId));
    }

    [Fact]
    public async Task The_portals_own_client_cannot_be_disabled_deleted_or_given_a_new_secret()
    {
        var admin = await ConsoleAdministrator.SignInAsync(Factory);

        foreach (var (method, path) in new[] { (HttpMethod.Post, "/disable"), (HttpMethod.Delete, string.Empty), (HttpMethod.Post, "/secret") })
        {
            using var response = await admin.Api.SendAsync(new HttpRequestMessage(method, $"/api/admin/clients/sso-portal{path}"));
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Contains("portal's own client", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }

        Assert.True((await admin.Api.GetFromJsonAsync<JsonElement>("/api/admin/clients/sso-portal")).GetProperty("protected").GetBoolean());
        await PortalSession.SignInAsync(Factory, DemoRealm.Alice);
    }

    [Fact]
    public async Task Bad_metadata_is_refused_with_the_field_named_and_nothing_written()
    {
        var admin = await ConsoleAdministrator.SignInAsync(Factory);
        var before = (await admin.Api.GetFromJsonAsync<JsonElement>("/api/admin/clients")).GetArrayLength();
        var fragment = ConsoleAdministrator.WebClient("https://app.example/callback#x");
        var unknownScope = ConsoleAdministrator.MachineClient("no-such-scope");
        var badId = ConsoleAdministrator.MachineClient(clientId: "has spaces");

        foreach (var (metadata, field, error) in new[] { (fragment, "redirect_uris", "invalid_redirect_uri"), (unknownScope, "scope", "invalid_client_metadata") })
        {
            using var response = await admin.Api.PostAsJsonAsync("/api/admin/clients", metadata);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
            Assert.Equal(error, problem.GetProperty("error").GetString());
        }

        using var bad = await admin.Api.PostAsJsonAsync("/api/admin/clients", badId);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var duplicate = await admin.Api.PostAsJsonAsync("/api/admin/clients", ConsoleAdministrator.MachineClient(clientId: "partner-erp"));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Empty(await admin.AuditedAsync("partner-erp"));
        Assert.Equal(before, (await admin.Api.GetFromJsonAsync<JsonElement>("/api/admin/clients")).GetArrayLength());
    }

    [Fact]
    public async Task A_user_without_the_admin_role_cannot_list_or_create_clients()
    {
        var user = await PortalSession.SignInAsync(Factory, DemoRealm.Alice);

        Assert.Equal(HttpStatusCode.Forbidden, (await user.Api.GetAsync("/api/admin/clients")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.Api.PostAsJsonAsync("/api/admin/clients", ConsoleAdministrator.MachineClient())).StatusCode);
    }
}

[Collection(OnSqlite.Name)]
public sealed class AdminClientsApiTestsOnSqlite(SqliteServer server) : AdminClientsApiTests(server);
