using System.Text.Json.Nodes;
using Aict.IdentityServer.SignIn.Users;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.Protocol.Tokens;

/// <summary>The OpenID Connect standard claims (Core §5.1) that each scope releases, and their values for a user.</summary>
public static class StandardClaims
{
    public static readonly IReadOnlyDictionary<string, string[]> ByScope = new Dictionary<string, string[]>
    {
        [Scopes.Profile] =
        [
            Claims.Name, Claims.GivenName, Claims.FamilyName, Claims.PreferredUsername, Claims.Locale, Claims.UpdatedAt,
        ],
        [Scopes.Email] = [Claims.Email, Claims.EmailVerified],
        [Scopes.Phone] = [Claims.PhoneNumber, Claims.PhoneNumberVerified],
        [Scopes.Address] = [Claims.Address],
    };

    public static readonly IReadOnlySet<string> All = ByScope.Values.SelectMany(names => names).ToHashSet();

    public static IEnumerable<string> ReleasedBy(IEnumerable<string> scopes) =>
        scopes.SelectMany(scope => ByScope.TryGetValue(scope, out var names) ? names : []);

    /// <summary>The claim's value for <paramref name="user"/>, or null when the user has none.</summary>
    public static JsonNode? ValueOf(ApplicationUser user, string claim) => claim switch
    {
        Claims.Name => Text(user.DisplayName),
        Claims.GivenName => Text(user.GivenName),
        Claims.FamilyName => Text(user.FamilyName),
        Claims.PreferredUsername => Text(user.UserName),
        Claims.Locale => Text(user.Locale),
        Claims.UpdatedAt => JsonValue.Create(user.UpdatedAt.ToUnixTimeSeconds()),
        Claims.Email => Text(user.Email),
        Claims.EmailVerified => user.Email is null ? null : JsonValue.Create(user.EmailConfirmed),
        Claims.PhoneNumber => Text(user.PhoneNumber),
        Claims.PhoneNumberVerified => user.PhoneNumber is null ? null : JsonValue.Create(user.PhoneNumberConfirmed),
        Claims.Address => Address(user.Address),
        _ => null,
    };

    private static JsonValue? Text(string? value) => string.IsNullOrEmpty(value) ? null : JsonValue.Create(value);

    private static JsonObject? Address(PostalAddress? address)
    {
        if (address is null)
        {
            return null;
        }

        var lines = new[] { address.StreetAddress, $"{address.Locality} {address.Region} {address.PostalCode}".Trim(), address.Country }
            .Where(line => !string.IsNullOrWhiteSpace(line));
        var result = new JsonObject { [Claims.Formatted] = string.Join('\n', lines) };
        AddIfPresent(result, Claims.StreetAddress, address.StreetAddress);
        AddIfPresent(result, Claims.Locality, address.Locality);
        AddIfPresent(result, Claims.Region, address.Region);
        AddIfPresent(result, Claims.PostalCode, address.PostalCode);
        AddIfPresent(result, Claims.Country, address.Country);
        return result;
    }

    private static void AddIfPresent(JsonObject target, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            target[name] = value;
        }
    }
}
