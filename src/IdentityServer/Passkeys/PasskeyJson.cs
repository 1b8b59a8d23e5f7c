using System.Text.Json;

namespace Aict.IdentityServer.Passkeys;

/// <summary>The browser's <c>credential.toJSON()</c> read into Fido2's raw response types; null when it does not fit.</summary>
public static class PasskeyJson
{
    public static T? Read<T>(JsonElement json)
        where T : class
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        try
        {
            return json.Deserialize<T>();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static T? Read<T>(string? json)
        where T : class
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(json).RootElement is var root ? Read<T>(root) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
