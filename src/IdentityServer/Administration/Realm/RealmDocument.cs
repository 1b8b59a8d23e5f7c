using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Aict.IdentityServer.Protocol.Clients;

namespace Aict.IdentityServer.Administration.Realm;

/// <summary>
/// A realm file (docs/realm.md): the scopes, roles, clients and users an operator moves between deployments.
/// Secrets appear only as far as the file was asked to carry them: password hashes, never factors.
/// </summary>
public sealed record RealmDocument
{
    public const int CurrentVersion = 1;

    [JsonPropertyName("version")]
    public int Version { get; init; } = CurrentVersion;

    [JsonPropertyName("scopes")]
    public IReadOnlyList<RealmScope> Scopes { get; init; } = [];

    [JsonPropertyName("roles")]
    public IReadOnlyList<string> Roles { get; init; } = [];

    [JsonPropertyName("clients")]
    public IReadOnlyList<RealmClient> Clients { get; init; } = [];

    [JsonPropertyName("users")]
    public IReadOnlyList<RealmUser> Users { get; init; } = [];
}

/// <summary>An API scope and the audiences (resources) a token for it is meant for.</summary>
public sealed record RealmScope
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("display_name")]
    public string? DisplayName { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }

    [JsonPropertyName("resources")]
    public IReadOnlyList<string> Resources { get; init; } = [];
}

/// <summary>
/// A client: its <see cref="ClientMetadata"/> with the client id, and, on import only, a plaintext
/// <c>client_secret</c> for a confidential client (the database keeps secrets hashed, so an export has none).
/// </summary>
[JsonConverter(typeof(RealmClientConverter))]
public sealed record RealmClient(ClientMetadata Metadata, string? ClientSecret = null)
{
    public const string SecretProperty = "client_secret";
}

/// <summary>A person, by e-mail; <c>password_hash</c> only in a file exported with <c>--include-secrets</c>.</summary>
public sealed record RealmUser
{
    [JsonPropertyName("email")]
    public string? Email { get; init; }

    [JsonPropertyName("email_verified")]
    public bool EmailVerified { get; init; }

    [JsonPropertyName("given_name")]
    public string? GivenName { get; init; }

    [JsonPropertyName("family_name")]
    public string? FamilyName { get; init; }

    [JsonPropertyName("locale")]
    public string? Locale { get; init; }

    [JsonPropertyName("phone_number")]
    public string? PhoneNumber { get; init; }

    [JsonPropertyName("phone_number_verified")]
    public bool PhoneNumberVerified { get; init; }

    [JsonPropertyName("address")]
    public RealmAddress? Address { get; init; }

    [JsonPropertyName("external_id")]
    public string? ExternalId { get; init; }

    [JsonPropertyName("roles")]
    public IReadOnlyList<string> Roles { get; init; } = [];

    [JsonPropertyName("disabled")]
    public bool Disabled { get; init; }

    /// <summary>ASP.NET Core Identity's PBKDF2 hash (format v3), as stored.</summary>
    [JsonPropertyName("password_hash")]
    public string? PasswordHash { get; init; }
}

/// <summary>The OpenID Connect <c>address</c> claim's fields.</summary>
public sealed record RealmAddress
{
    [JsonPropertyName("street_address")]
    public string? StreetAddress { get; init; }

    [JsonPropertyName("locality")]
    public string? Locality { get; init; }

    [JsonPropertyName("region")]
    public string? Region { get; init; }

    [JsonPropertyName("postal_code")]
    public string? PostalCode { get; init; }

    [JsonPropertyName("country")]
    public string? Country { get; init; }
}

/// <summary>A client as one flat JSON object: the metadata's members, then <c>client_secret</c> when there is one.</summary>
internal sealed class RealmClientConverter : JsonConverter<RealmClient>
{
    public override RealmClient Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (JsonNode.Parse(ref reader) is not JsonObject client)
        {
            throw new JsonException("A client must be a JSON object.");
        }

        string? secret = null;
        if (client.Remove(RealmClient.SecretProperty, out var value))
        {
            secret = value is JsonValue text && text.TryGetValue<string>(out var s) ? s : throw new JsonException("client_secret must be a string.");
        }

        return new RealmClient(client.Deserialize<ClientMetadata>(options)!, secret);
    }

    public override void Write(Utf8JsonWriter writer, RealmClient value, JsonSerializerOptions options)
    {
        var node = JsonSerializer.SerializeToNode(value.Metadata, options)!.AsObject();
        if (value.ClientSecret is not null)
        {
            node[RealmClient.SecretProperty] = JsonValue.Create(value.ClientSecret);
        }

        node.WriteTo(writer, options);
    }
}
