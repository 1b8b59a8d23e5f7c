using System.Text.Json;

namespace Aict.IdentityServer.SignIn.Mfa.Passkeys;

/// <summary>The browser's <c>credential.toJSON()</c> read into Fido2's raw response types; null when it does not fit.</summary>
public static class PasskeyJson
{
    public static T? Read<T>(JsonElement json)
        where T : class
    {
        try
        {
            return json.ValueKind == JsonValueKind.Object ? json.Deserialize<T>() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static T? Read<T>(string? json)
        where T : class
    {
        try
        {
            return string.IsNullOrEmpty(json) ? null : Read<T>(JsonSerializer.Deserialize<JsonElement>(json));
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
