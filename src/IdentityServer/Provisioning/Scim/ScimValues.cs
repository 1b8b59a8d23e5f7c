using System.Text.Json;
using System.Text.Json.Nodes;

namespace Aict.IdentityServer.Provisioning.Scim;

/// <summary>Typed reads of attribute values, refusing the wrong type with <c>invalidValue</c>.</summary>
public static class ScimValues
{
    /// <summary>A boolean, or the same as a string (<c>"False"</c>, as Entra ID sends it); null when it is neither.</summary>
    public static bool? AsBoolean(JsonNode? node) => node switch
    {
        JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
        JsonValue value when value.TryGetValue<string>(out var text) && bool.TryParse(text.Trim(), out var parsed) => parsed,
        _ => null,
    };

    public static bool Boolean(JsonNode? node, string attribute) =>
        AsBoolean(node) ?? throw ScimRequest.InvalidValue($"{attribute} must be true or false.");

    /// <summary>A string of at most <paramref name="maxLength"/> characters, or null (JSON null or an empty string).</summary>
    public static string? Text(JsonNode? node, string attribute, int maxLength)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            throw ScimRequest.InvalidValue($"{attribute} must be a string.");
        }

        text = text.Trim();
        if (text.Length > maxLength)
        {
            throw ScimRequest.InvalidValue($"{attribute} may have at most {maxLength} characters.");
        }

        if (text.Any(char.IsControl) || HasLoneSurrogate(text))
        {
            throw ScimRequest.InvalidValue($"{attribute} holds characters that are not allowed.");
        }

        return text.Length == 0 ? null : text;
    }

    public static JsonObject AsObject(JsonNode? node, string attribute) =>
        node as JsonObject ?? throw ScimRequest.InvalidValue($"{attribute} must be an object.");

    /// <summary>A multi-valued attribute; a single object is taken as a list of one, as some clients send it.</summary>
    public static IReadOnlyList<JsonNode?> Array(JsonNode? node, string attribute) => node switch
    {
        null => [],
        JsonArray array => [.. array],
        JsonObject single => [single],
        _ => throw ScimRequest.InvalidValue($"{attribute} must be an array."),
    };

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }
}
