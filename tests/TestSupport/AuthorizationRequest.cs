using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;

namespace Aict.TestSupport;

/// <summary>An authorization code request with PKCE S256, state and nonce; any parameter can be changed or dropped.</summary>
public sealed class AuthorizationRequest(DemoClient client, string scope = "openid profile email")
{
    public DemoClient Client => client;

    public string RedirectUri { get; set; } = client.RedirectUri!;

    public string State { get; } = Random();

    public string Nonce { get; } = Random();

    public string CodeVerifier { get; } = Random();

    public string CodeChallenge => WebEncoders.Base64UrlEncode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(CodeVerifier)));

    /// <summary>Extra or replaced parameters; a null value drops the parameter.</summary>
    public Dictionary<string, string?> Parameters { get; } = [];

    public string Url
    {
        get
        {
            var parameters = new Dictionary<string, string?>
            {
                ["response_type"] = "code",
                ["client_id"] = client.ClientId,
                ["redirect_uri"] = RedirectUri,
                ["scope"] = scope,
                ["state"] = State,
                ["nonce"] = Nonce,
                ["code_challenge"] = CodeChallenge,
                ["code_challenge_method"] = "S256",
            };
            foreach (var (name, value) in Parameters)
            {
                parameters[name] = value;
            }

            var query = new QueryBuilder(parameters.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key, p.Value!)));
            return "/connect/authorize" + query.ToQueryString();
        }
    }

    public static string Random() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
}

/// <summary>The parameters of a redirect back to the client.</summary>
public sealed record AuthorizationResponse(Uri Location)
{
    // Errors for implicit-style response types come back in the fragment.
    private Dictionary<string, Microsoft.Extensions.Primitives.StringValues> Query =>
        QueryHelpers.ParseQuery(Location.Query.Length > 1 ? Location.Query : "?" + Location.Fragment.TrimStart('#'));

    public string? Code => Query.GetValueOrDefault("code");

    public string? State => Query.GetValueOrDefault("state");

    public string? Issuer => Query.GetValueOrDefault("iss");

    public string? Error => Query.GetValueOrDefault("error");

    public string? ErrorDescription => Query.GetValueOrDefault("error_description");
}
