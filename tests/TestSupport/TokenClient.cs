using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Aict.TestSupport;

/// <summary>A token, introspection or revocation endpoint answer.</summary>
public sealed record TokenResponse(HttpStatusCode Status, JsonElement Json)
{
    public string? AccessToken => Get("access_token");

    public string? IdToken => Get("id_token");

    public string? RefreshToken => Get("refresh_token");

    public string? Error => Get("error");

    public string? Get(string name) =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}

/// <summary>Calls the back-channel endpoints as a client's server would, authenticating with client_secret_basic or _post.</summary>
public sealed class TokenClient(HttpClient backChannel)
{
    public Task<TokenResponse> ClientCredentialsAsync(DemoClient client, string scope, bool basicAuth = true) =>
        PostAsync("/connect/token", client, new() { ["grant_type"] = "client_credentials", ["scope"] = scope }, basicAuth);

    public Task<TokenResponse> RedeemAsync(AuthorizationRequest request, string code, bool basicAuth = true) =>
        PostAsync("/connect/token", request.Client, new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = request.RedirectUri,
            ["code_verifier"] = request.CodeVerifier,
        }, basicAuth);

    public Task<TokenResponse> RefreshAsync(DemoClient client, string refreshToken) =>
        PostAsync("/connect/token", client, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken });

    public Task<TokenResponse> IntrospectAsync(DemoClient client, string token) =>
        PostAsync("/connect/introspect", client, new() { ["token"] = token });

    public Task<TokenResponse> RevokeAsync(DemoClient client, string token) =>
        PostAsync("/connect/revoke", client, new() { ["token"] = token });

    public async Task<TokenResponse> PostAsync(string path, DemoClient client, Dictionary<string, string> form, bool basicAuth = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (client.Secret is not null && basicAuth)
        {
            // RFC 6749 §2.3.1: form-encode the id and secret before joining them.
            var credentials = $"{Uri.EscapeDataString(client.ClientId)}:{Uri.EscapeDataString(client.Secret)}";
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        }
        else
        {
            form["client_id"] = client.ClientId;
            if (client.Secret is not null)
            {
                form["client_secret"] = client.Secret;
            }
        }

        request.Content = new FormUrlEncodedContent(form);
        using var response = await backChannel.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var json = body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
        return new TokenResponse(response.StatusCode, json);
    }
}
