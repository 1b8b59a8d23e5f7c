using System.Net.Http.Json;
using System.Text.Json;
using Aict.IdentityServer.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.Administration;

/// <summary>An administrator (role admin, TOTP) signed in through the portal client, calling the admin API.</summary>
internal sealed class ConsoleAdministrator(IdentityServerFactory factory, PortalSession session, string userId)
{
    public HttpClient Api => session.Api;

    public string UserId => userId;

    public static async Task<ConsoleAdministrator> SignInAsync(IdentityServerFactory factory)
    {
        var admin = await MfaUsers.EnrolTotpAsync(factory, await TestUsers.CreateAsync(factory, role: "admin"));
        return new(factory, await PortalSession.SignInAsync(factory, admin), await TestUsers.IdOfAsync(factory, admin));
    }

    /// <summary>Creates a client from metadata and answers it with the secret shown once.</summary>
    public async Task<DemoClient> CreateClientAsync(object metadata, string? redirectUri = null)
    {
        using var response = await Api.PostAsJsonAsync("/api/admin/clients", metadata);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        var clientId = body.GetProperty("client").GetProperty("metadata").GetProperty("client_id").GetString()!;
        var secret = body.GetProperty("clientSecret") is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
        return new DemoClient(clientId, secret, redirectUri, null);
    }

    /// <summary>The audit event types recorded with this administrator as the actor, for a client (or none).</summary>
    public async Task<List<string>> AuditedAsync(string? clientId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().AuditEvents
            .Where(e => e.ActorId == userId && e.ClientId == clientId)
            .OrderBy(e => e.Id).Select(e => e.Type).ToListAsync();
    }

    public static object MachineClient(string scope = "products:read", string? clientId = null) => new Dictionary<string, object?>
    {
        ["client_id"] = clientId,
        ["client_name"] = "Partner system",
        ["grant_types"] = new[] { "client_credentials" },
        ["scope"] = scope,
    };

    public static Dictionary<string, object?> WebClient(string redirectUri) => new()
    {
        ["client_name"] = "Channel app",
        ["redirect_uris"] = new[] { redirectUri },
        ["grant_types"] = new[] { "authorization_code", "refresh_token" },
        ["scope"] = "openid profile offline_access",
        ["consent_type"] = "implicit",
    };
}
