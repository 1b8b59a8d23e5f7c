using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Aict.Fleet.Tests.Infrastructure;

/// <summary>The demo administrator (TOTP) signed in through the portal's client, calling the admin API on a chosen instance.</summary>
public sealed class FleetAdministrator(FleetClient api) : IDisposable
{
    /// <summary>The instance the next admin API call goes to.</summary>
    public string? On
    {
        get => api.Instance;
        set => api.Instance = value;
    }

    public static async Task<FleetAdministrator> SignInAsync(FleetFixture fleet)
    {
        using var signIn = new FleetSignIn(fleet);
        var tokens = await signIn.SignInAsync(new AuthorizationRequest(DemoRealm.SsoPortal, PortalSession.Scopes), DemoRealm.Admin);
        var api = FleetFixture.CreateClient(fleet.Identity);
        api.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        return new FleetAdministrator(api);
    }

    /// <summary>Registers a client from RFC 7591 metadata; answers its id and the secret shown once.</summary>
    public async Task<DemoClient> CreateClientAsync(Dictionary<string, object?> metadata)
    {
        using var response = await api.Http.PostAsJsonAsync("/api/admin/clients", metadata);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        var clientId = body.GetProperty("client").GetProperty("metadata").GetProperty("client_id").GetString()!;
        var secret = body.GetProperty("clientSecret") is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
        var redirectUri = metadata.GetValueOrDefault("redirect_uris") is string[] { Length: > 0 } uris ? uris[0] : null;
        return new DemoClient(clientId, secret, redirectUri, null);
    }

    /// <summary>Replaces the client's metadata (PUT).</summary>
    public async Task UpdateClientAsync(string clientId, Dictionary<string, object?> metadata)
    {
        using var response = await api.Http.PutAsJsonAsync($"/api/admin/clients/{clientId}", metadata);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Gives the client a new secret; answers it.</summary>
    public async Task<string> RotateSecretAsync(string clientId)
    {
        using var response = await api.Http.PostAsync($"/api/admin/clients/{clientId}/secret", content: null);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("clientSecret").GetString()!;
    }

    /// <summary>A new account with a password and no second factor, for a test that changes what the user has.</summary>
    public async Task<DemoUser> CreateUserAsync()
    {
        var user = new DemoUser($"fleet-{Guid.NewGuid():N}@example.com", $"Fleet#{Guid.NewGuid():N}"[..22]);
        using var response = await api.Http.PostAsJsonAsync("/api/admin/users", new { email = user.Email, password = user.Password, givenName = "Fleet" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return user;
    }

    /// <summary>A confidential code + PKCE web client, first party (no consent).</summary>
    public static Dictionary<string, object?> WebClient(params string[] redirectUris) => new()
    {
        ["client_name"] = "Fleet test app",
        ["redirect_uris"] = redirectUris,
        ["grant_types"] = new[] { "authorization_code", "refresh_token" },
        ["scope"] = "openid profile offline_access",
        ["consent_type"] = "implicit",
    };

    /// <summary>A client-credentials client (a partner system).</summary>
    public static Dictionary<string, object?> MachineClient() => new()
    {
        ["client_name"] = "Fleet partner system",
        ["grant_types"] = new[] { "client_credentials" },
        ["scope"] = "products:read",
    };

    public void Dispose() => api.Dispose();
}
