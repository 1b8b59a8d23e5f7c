using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.Protocol.Registration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.Registration;

/// <summary>
/// Administrators' initial access tokens on the admin API: created with an expiry and bounds (the token shown once,
/// its hash stored), listed with their uses, revoked; expired, revoked and spent tokens register nothing.
/// </summary>
[Collection(OnSqlite.Name)]
public sealed class InitialAccessTokenTests(SqliteServer server)
{
    private IdentityServerFactory Factory => server.Factory;

    private RegistrationCalls Calls { get; } = new(server.Factory.CreateBackChannel());

    [Fact]
    public async Task A_token_an_administrator_creates_is_shown_once_stored_as_a_hash_and_listed_with_its_uses()
    {
        var admin = await InitialAccessTokenAdmin.SignInAsync(Factory);
        var (id, token) = await admin.CreateAsync(Factory, multiUse: true);

        await Calls.RegisteredAsync(WithScope(RegistrationCalls.WebClient(), "openid profile"), token);
        await Calls.RegisteredAsync(WithScope(RegistrationCalls.WebClient(), "openid products:read"), token);
        var listed = await admin.FindAsync(id);

        Assert.Equal(2, listed.GetProperty("useCount").GetInt32());
        Assert.True(listed.GetProperty("multiUse").GetBoolean());
        Assert.True(listed.GetProperty("usable").GetBoolean());
        Assert.Equal("Partner onboarding", listed.GetProperty("name").GetString());
        Assert.Equal(["openid", "products:read", "profile"], listed.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.DoesNotContain(token, listed.ToString(), StringComparison.Ordinal);
        await using var scope = Factory.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().InitialAccessTokens.SingleAsync(t => t.Id == id);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), stored.TokenHash);
        Assert.Equal(43, token.Length);
    }

    [Fact]
    public async Task A_single_use_token_registers_one_client_then_answers_invalid_token()
    {
        var (id, token) = await (await InitialAccessTokenAdmin.SignInAsync(Factory)).CreateAsync(Factory);

        var first = await Calls.RegisterAsync(token, WithScope(RegistrationCalls.WebClient(), "openid"));
        var second = await Calls.RegisterAsync(token, WithScope(RegistrationCalls.WebClient(), "openid"));

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, second.Status);
        Assert.Equal("invalid_token", second.Error);
        Assert.False((await (await InitialAccessTokenAdmin.SignInAsync(Factory)).FindAsync(id)).GetProperty("usable").GetBoolean());
    }

    [Fact]
    public async Task A_revoked_token_answers_invalid_token_and_the_revocation_is_audited_with_the_admin_as_actor()
    {
        var admin = await InitialAccessTokenAdmin.SignInAsync(Factory);
        var (id, token) = await admin.CreateAsync(Factory, multiUse: true);

        using var revoked = await admin.Api.DeleteAsync($"/api/admin/initial-access-tokens/{id}");
        var answer = await Calls.RegisterAsync(token, WithScope(RegistrationCalls.WebClient(), "openid"));

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal("invalid_token", answer.Error);
        Assert.NotEqual(JsonValueKind.Null, (await admin.FindAsync(id)).GetProperty("revokedAt").ValueKind);
        await using var scope = Factory.Services.CreateAsyncScope();
        var events = await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().AuditEvents
            .Where(e => e.Type == "initial_access_token_created" || e.Type == "initial_access_token_revoked").ToListAsync();
        Assert.Contains(events, e => e.Type == "initial_access_token_revoked" && e.ActorId is not null && e.UserId == null);
    }

    [Fact]
    public async Task An_expired_token_answers_invalid_token_like_an_unknown_one()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var (_, token) = await scope.ServiceProvider.GetRequiredService<InitialAccessTokens>().CreateAsync(
            "expired", Factory.Clock.GetUtcNow().AddMinutes(-1), multiUse: true, ["openid"], ["authorization_code"], createdBy: null, default);

        var expired = await Calls.RegisterAsync(token, WithScope(RegistrationCalls.WebClient(), "openid"));
        var unknown = await Calls.RegisterAsync("unknown-token", WithScope(RegistrationCalls.WebClient(), "openid"));

        Assert.Equal(HttpStatusCode.Unauthorized, expired.Status);
        Assert.Equal(unknown.Json.ToString(), expired.Json.ToString());
    }

    [Fact]
    public async Task A_client_may_not_ask_for_scopes_or_grants_beyond_what_its_token_allows()
    {
        var (_, token) = await (await InitialAccessTokenAdmin.SignInAsync(Factory)).CreateAsync(Factory, multiUse: true, scopes: ["openid"]);

        var moreScope = await Calls.RegisterAsync(token, WithScope(RegistrationCalls.WebClient(), "openid profile"));
        var refreshing = RegistrationCalls.WebClient();
        refreshing["scope"] = "openid";
        var moreGrants = await Calls.RegisterAsync(token, refreshing);

        Assert.Equal("invalid_client_metadata", moreScope.Error);
        Assert.Contains("profile", moreScope.Get("error_description"));
        Assert.Equal("invalid_client_metadata", moreGrants.Error);
        Assert.Contains("refresh_token", moreGrants.Get("error_description"));
    }

    [Theory]
    [InlineData("{\"name\":\"x\",\"multiUse\":false,\"scopes\":[\"openid\"],\"grantTypes\":[\"authorization_code\"]}", "ExpiresAt")]
    [InlineData("{\"name\":\"x\",\"expiresAt\":\"2000-01-01T00:00:00Z\",\"scopes\":[\"openid\"],\"grantTypes\":[\"authorization_code\"]}", "ExpiresAt")]
    [InlineData("{\"name\":\"x\",\"expiresAt\":\"2999-01-01T00:00:00Z\",\"scopes\":[\"openid\"],\"grantTypes\":[\"authorization_code\"]}", "ExpiresAt")]
    [InlineData("{\"name\":\"x\",\"expiresAt\":\"+1\",\"scopes\":[\"account\"],\"grantTypes\":[\"authorization_code\"]}", "Scopes")]
    [InlineData("{\"name\":\"x\",\"expiresAt\":\"+1\",\"scopes\":[\"no-such-scope\"],\"grantTypes\":[\"authorization_code\"]}", "Scopes")]
    [InlineData("{\"name\":\"x\",\"expiresAt\":\"+1\",\"scopes\":[\"openid\"],\"grantTypes\":[]}", "GrantTypes")]
    [InlineData("{\"name\":\"x\",\"expiresAt\":\"+1\",\"scopes\":[\"openid\"],\"grantTypes\":[\"password\"]}", "GrantTypes")]
    [InlineData("{\"name\":\" \",\"expiresAt\":\"+1\",\"scopes\":[\"openid\"],\"grantTypes\":[\"authorization_code\"]}", "Name")]
    public async Task A_token_without_an_expiry_within_the_limit_or_with_bounds_beyond_what_exists_is_refused_with_problem_details(string body, string field)
    {
        var admin = await InitialAccessTokenAdmin.SignInAsync(Factory);
        var json = body.Replace("\"+1\"", JsonSerializer.Serialize(Factory.Clock.GetUtcNow().AddDays(1)), StringComparison.Ordinal);

        using var response = await admin.Api.PostAsync("/api/admin/initial-access-tokens", new StringContent(json, Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(problem.GetProperty("errors").EnumerateObject().Any(e => e.Name.Equals(field, StringComparison.OrdinalIgnoreCase)), problem.ToString());
    }

    [Fact]
    public async Task Only_administrators_manage_tokens_and_an_unknown_token_cannot_be_revoked()
    {
        var user = await PortalSession.SignInAsync(Factory, DemoRealm.Alice);
        var admin = await InitialAccessTokenAdmin.SignInAsync(Factory);

        using var listed = await user.Api.GetAsync("/api/admin/initial-access-tokens");
        using var unknown = await admin.Api.DeleteAsync("/api/admin/initial-access-tokens/no-such-token");

        Assert.Equal(HttpStatusCode.Forbidden, listed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_seeder_adds_the_demo_token_to_a_demo_database_without_it_and_never_twice()
    {
        var hash = BearerSecrets.Hash(RegistrationCalls.DemoToken);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().InitialAccessTokens.Where(t => t.TokenHash == hash).ExecuteDeleteAsync();
        }

        await SeedDemoRealmAsync();
        await SeedDemoRealmAsync();

        await using var check = Factory.Services.CreateAsyncScope();
        var demo = await check.ServiceProvider.GetRequiredService<ApplicationDbContext>().InitialAccessTokens.SingleAsync(t => t.TokenHash == hash);
        Assert.True(demo.MultiUse);
        Assert.Null(demo.ExpiresAt);
        Assert.Equal("authorization_code client_credentials refresh_token", string.Join(' ', InitialAccessTokens.Words(demo.AllowedGrantTypes).Order(StringComparer.Ordinal)));
        Assert.Equal(["address", "email", "offline_access", "openid", "orders:read", "orders:write", "phone", "products:read", "profile", "reservations:read", "reservations:write"],
            InitialAccessTokens.Words(demo.AllowedScopes).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.Created, (await Calls.RegisterAsync(RegistrationCalls.DemoToken, WithScope(RegistrationCalls.WebClient(), "openid"))).Status);
    }

    private async Task SeedDemoRealmAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        await ActivatorUtilities.CreateInstance<Aict.IdentityServer.Administration.Seeding.DemoRealmSeeder>(scope.ServiceProvider).SeedAsync(default);
    }

    private static System.Text.Json.Nodes.JsonObject WithScope(System.Text.Json.Nodes.JsonObject metadata, string scope)
    {
        metadata["scope"] = scope;
        metadata["grant_types"] = new System.Text.Json.Nodes.JsonArray("authorization_code");
        return metadata;
    }
}
