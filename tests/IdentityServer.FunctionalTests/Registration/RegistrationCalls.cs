using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Aict.IdentityServer.FunctionalTests.Registration;

/// <summary>A client's calls to the registration endpoints (RFC 7591, RFC 7592), and the answers as it reads them.</summary>
internal sealed class RegistrationCalls(HttpClient http)
{
    public const string DemoToken = "aict-dev-initial-access-token";

    /// <summary>A web client on the code flow with PKCE, refresh tokens and a user and an API scope.</summary>
    public static JsonObject WebClient(string name = "Partner Web") => new()
    {
        ["client_name"] = name,
        ["redirect_uris"] = new JsonArray("https://partner.example/callback"),
        ["post_logout_redirect_uris"] = new JsonArray("https://partner.example/signed-out"),
        ["grant_types"] = new JsonArray("authorization_code", "refresh_token"),
        ["scope"] = "openid profile offline_access products:read",
    };

    public Task<Answer> RegisterAsync(string? initialAccessToken, JsonObject metadata) =>
        SendAsync(HttpMethod.Post, "/connect/register", initialAccessToken, metadata);

    public async Task<Answer> SendAsync(HttpMethod method, string uri, string? bearer, JsonObject? body = null)
    {
        using var request = new HttpRequestMessage(method, uri);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return await Answer.OfAsync(await http.SendAsync(request));
    }

    /// <summary>Registers <paramref name="metadata"/> with the demo token and asserts it was accepted.</summary>
    public async Task<Answer> RegisteredAsync(JsonObject metadata, string initialAccessToken = DemoToken)
    {
        var answer = await RegisterAsync(initialAccessToken, metadata);
        Assert.True(answer.Status == HttpStatusCode.Created, $"Registration refused: {answer.Status} {answer.Json}");
        return answer;
    }
}

/// <summary>A registration endpoint's answer.</summary>
internal sealed record Answer(HttpStatusCode Status, JsonElement Json, HttpResponseHeaders Headers)
{
    public string? Error => Get("error");

    public string ClientId => Get("client_id")!;

    public string RegistrationToken => Get("registration_access_token")!;

    public string ClientUri => Get("registration_client_uri")!;

    /// <summary>The registered client as the test support's flows use it.</summary>
    public DemoClient Client => new(ClientId, Get("client_secret"), Json.GetProperty("redirect_uris")[0].GetString(), null);

    public string? Get(string name) =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public IEnumerable<string?> Strings(string name) => Json.GetProperty(name).EnumerateArray().Select(v => v.GetString());

    public static async Task<Answer> OfAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            var json = body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
            return new Answer(response.StatusCode, json, response.Headers);
        }
    }
}

/// <summary>An administrator on the admin API: creates, lists and revokes initial access tokens.</summary>
internal sealed class InitialAccessTokenAdmin(HttpClient api)
{
    public static async Task<InitialAccessTokenAdmin> SignInAsync(IdentityServerFactory factory) =>
        new((await PortalSession.SignInAsync(factory, await MfaUsers.EnrolTotpAsync(factory, await TestUsers.CreateAsync(factory, role: "admin")))).Api);

    public HttpClient Api => api;

    /// <summary>Creates a token and answers it, asserting it was created.</summary>
    public async Task<(string Id, string Token)> CreateAsync(
        IdentityServerFactory factory, bool multiUse = false, string[]? scopes = null, string[]? grantTypes = null, TimeSpan? lifetime = null)
    {
        using var response = await api.PostAsJsonAsync("/api/admin/initial-access-tokens", new
        {
            name = "Partner onboarding",
            expiresAt = factory.Clock.GetUtcNow() + (lifetime ?? TimeSpan.FromDays(1)),
            multiUse,
            scopes = scopes ?? ["openid", "profile", "products:read"],
            grantTypes = grantTypes ?? ["authorization_code"],
        });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode} {body}");
        return (body.GetProperty("initialAccessToken").GetProperty("id").GetString()!, body.GetProperty("token").GetString()!);
    }

    public async Task<JsonElement> FindAsync(string id)
    {
        var list = await api.GetFromJsonAsync<JsonElement>("/api/admin/initial-access-tokens");
        return list.GetProperty("tokens").EnumerateArray().Single(t => t.GetProperty("id").GetString() == id);
    }
}
