using System.Collections.Immutable;
using System.Text.Json;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.Protocol.Clients;

/// <summary>
/// A client switched off by an administrator: <c>"disabled": true</c> in the OpenIddict application's properties.
/// <see cref="DisabledClientRefusal"/> refuses it at every protocol endpoint that names a client.
/// </summary>
public static class ClientDisabling
{
    public const string Property = "disabled";

    public static bool IsDisabled(ImmutableDictionary<string, JsonElement> properties) =>
        properties.TryGetValue(Property, out var value) && value.ValueKind == JsonValueKind.True;

    public static bool IsDisabled(OpenIddictApplicationDescriptor descriptor) =>
        descriptor.Properties.TryGetValue(Property, out var value) && value.ValueKind == JsonValueKind.True;

    public static void Set(OpenIddictApplicationDescriptor descriptor, bool disabled)
    {
        if (disabled)
        {
            descriptor.Properties[Property] = JsonSerializer.SerializeToElement(true);
        }
        else
        {
            descriptor.Properties.Remove(Property);
        }
    }
}
