using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.Protocol.Registration;

/// <summary>
/// What a client registered through RFC 7591 keeps in its OpenIddict application's properties: the hash of its
/// registration access token (RFC 7592), when it was registered, which initial access token registered it, and the
/// scopes and grant types that token allowed, which bound every later update.
/// </summary>
public sealed record DynamicRegistration(
    [property: JsonPropertyName("registration_access_token_hash")] string RegistrationAccessTokenHash,
    [property: JsonPropertyName("client_id_issued_at")] long ClientIdIssuedAt,
    [property: JsonPropertyName("initial_access_token_id")] string InitialAccessTokenId,
    [property: JsonPropertyName("allowed_scopes")] string AllowedScopes,
    [property: JsonPropertyName("allowed_grant_types")] string AllowedGrantTypes)
{
    public const string Property = "dynamic_registration";

    public static DynamicRegistration? Read(ImmutableDictionary<string, JsonElement> properties)
    {
        if (!properties.TryGetValue(Property, out var value) || value.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        try
        {
            return value.Deserialize<DynamicRegistration>() is { RegistrationAccessTokenHash.Length: 64 } registration ? registration : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void WriteTo(OpenIddictApplicationDescriptor descriptor) =>
        descriptor.Properties[Property] = JsonSerializer.SerializeToElement(this);
}
