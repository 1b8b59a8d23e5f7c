using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Aict.TestSupport;

/// <summary>A SCIM answer: status, body (JSON, or none), headers.</summary>
public sealed record ScimResponse(HttpStatusCode Status, JsonElement Json, HttpResponseHeaders Headers, string? MediaType)
{
    public string? Id => Get("id");

    public string? ScimType => Get("scimType");

    public string? Detail => Get("detail");

    public string? Version =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("meta", out var meta) ? meta.GetProperty("version").GetString() : null;

    public string? Get(string name) =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public override string ToString() => $"{(int)Status} {Json}";
}

/// <summary>A provisioning system's calls to <c>/scim/v2</c>, with a client-credentials token of the <c>scim</c> scope.</summary>
public sealed class ScimClient(HttpClient http)
{
    public const string PatchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    public const string UserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string GroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public const string ErrorSchema = "urn:ietf:params:scim:api:messages:2.0:Error";

    public HttpClient Http => http;

    /// <summary>A client with <paramref name="client"/>'s token (partner-hr's by default) for <paramref name="scope"/>.</summary>
    public static async Task<ScimClient> ForAsync(IdentityServerFactory factory, DemoClient? client = null, string scope = "scim")
    {
        var token = await new TokenClient(factory.CreateBackChannel()).ClientCredentialsAsync(client ?? DemoRealm.PartnerHr, scope);
        Assert.True(token.AccessToken is not null, $"No token: {token.Json}");
        return WithToken(factory, token.AccessToken);
    }

    public static ScimClient WithToken(IdentityServerFactory factory, string? accessToken)
    {
        var http = factory.CreateBackChannel();
        if (accessToken is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        return new ScimClient(http);
    }

    public Task<ScimResponse> GetAsync(string path, Action<HttpRequestMessage>? configure = null) => SendAsync(HttpMethod.Get, path, null, configure);

    public Task<ScimResponse> PostAsync(string path, object body) => SendAsync(HttpMethod.Post, path, body);

    public Task<ScimResponse> PutAsync(string path, object body, Action<HttpRequestMessage>? configure = null) => SendAsync(HttpMethod.Put, path, body, configure);

    public Task<ScimResponse> PatchAsync(string path, object body, Action<HttpRequestMessage>? configure = null) => SendAsync(HttpMethod.Patch, path, body, configure);

    public Task<ScimResponse> DeleteAsync(string path, Action<HttpRequestMessage>? configure = null) => SendAsync(HttpMethod.Delete, path, null, configure);

    /// <summary>Sends <paramref name="body"/> as <c>application/scim+json</c>: a string as it is, anything else serialised.</summary>
    public async Task<ScimResponse> SendAsync(HttpMethod method, string path, object? body, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/scim+json");
        }

        configure?.Invoke(request);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new ScimResponse(response.StatusCode, json, response.Headers, response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>A PatchOp request body.</summary>
    public static object Patch(params object[] operations) => new Dictionary<string, object>
    {
        ["schemas"] = new[] { PatchOp },
        ["Operations"] = operations,
    };

    /// <summary>A new User resource with a unique e-mail address (also its userName), and a password when given.</summary>
    public static Dictionary<string, object?> NewUser(string? password = null, string? email = null)
    {
        email ??= $"scim-{Guid.NewGuid():N}@example.com";
        var user = new Dictionary<string, object?>
        {
            ["schemas"] = new[] { UserSchema },
            ["userName"] = email,
            ["name"] = new { givenName = "Sam", familyName = "Provisioned" },
            ["emails"] = new[] { new { value = email, type = "work", primary = true } },
            ["active"] = true,
        };
        if (password is not null)
        {
            user["password"] = password;
        }

        return user;
    }
}
