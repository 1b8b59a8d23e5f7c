using Aict.IdentityServer.Protocol.Clients;
using Aict.IdentityServer.Sessions.BackchannelLogout;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.Administration.Realm;

/// <summary>
/// Client metadata in the one form a realm file holds: what the server would store for it, lists in order.
/// Two clients are the same exactly when their canonical forms are, which keeps imports idempotent and exports stable.
/// </summary>
internal static class CanonicalClient
{
    /// <summary>What <paramref name="metadata"/> (already accepted by <see cref="ClientMetadataRules"/>) becomes once stored.</summary>
    public static ClientMetadata Of(ClientMetadata metadata, LogoutUriRule logoutUris)
    {
        var descriptor = new OpenIddictApplicationDescriptor { ClientId = metadata.ClientId };
        ClientDescriptors.Apply(metadata, descriptor, logoutUris);
        return Of(descriptor);
    }

    /// <summary>A stored client, as a realm file shows it.</summary>
    public static ClientMetadata Of(OpenIddictApplicationDescriptor descriptor)
    {
        var metadata = ClientDescriptors.Describe(descriptor);
        return metadata with
        {
            RedirectUris = Sorted(metadata.RedirectUris),
            PostLogoutRedirectUris = Sorted(metadata.PostLogoutRedirectUris),
            GrantTypes = Sorted(metadata.GrantTypes),
            ResponseTypes = Sorted(metadata.ResponseTypes),
            Scope = string.Join(' ', metadata.Scopes.Order(StringComparer.Ordinal)),
        };
    }

    /// <summary>Whether two canonical forms say the same thing (JSON key sets compared by their text).</summary>
    public static bool Same(ClientMetadata left, ClientMetadata right) =>
        System.Text.Json.JsonSerializer.Serialize(left, RealmJson.Options) == System.Text.Json.JsonSerializer.Serialize(right, RealmJson.Options);

    private static string[]? Sorted(IReadOnlyList<string>? values) => values is null ? null : [.. values.Distinct().Order(StringComparer.Ordinal)];
}
