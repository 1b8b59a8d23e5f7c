using System.Security.Claims;
using System.Text.Json;

namespace Aict.IdentityServer.Protocol.Tokens;

/// <summary>
/// The <c>claims</c> authorization request parameter (OpenID Connect Core §5.5): which individual
/// claims the client asks for in the ID token and at the userinfo endpoint.
/// </summary>
public sealed record ClaimsRequest(IReadOnlySet<string> IdToken, IReadOnlySet<string> UserInfo)
{
    public static readonly ClaimsRequest None = new(new HashSet<string>(), new HashSet<string>());

    /// <summary>Names the claims asked for in the ID token; kept in codes and refresh tokens, never sent out.</summary>
    public const string IdTokenClaimType = "aict_idtoken_claims";

    /// <summary>Names the claims asked for at the userinfo endpoint; carried by the access token.</summary>
    public const string UserInfoClaimType = "aict_userinfo_claims";

    /// <summary>The request as remembered by a code, refresh or access token.</summary>
    public static ClaimsRequest From(ClaimsPrincipal principal) =>
        new(NamesOf(principal, IdTokenClaimType), NamesOf(principal, UserInfoClaimType));

    /// <summary>Reads the parameter; false when it is present but not a JSON object of the documented shape.</summary>
    public static bool TryParse(string? parameter, out ClaimsRequest request)
    {
        request = None;
        if (string.IsNullOrWhiteSpace(parameter))
        {
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(parameter);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            request = new ClaimsRequest(Names(document.RootElement, "id_token"), Names(document.RootElement, "userinfo"));
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static HashSet<string> NamesOf(ClaimsPrincipal principal, string type) =>
        (principal.FindFirst(type)?.Value ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();

    private static HashSet<string> Names(JsonElement root, string member) =>
        root.TryGetProperty(member, out var section) && section.ValueKind == JsonValueKind.Object
            ? section.EnumerateObject().Select(p => p.Name).Where(StandardClaims.All.Contains).ToHashSet()
            : [];
}
