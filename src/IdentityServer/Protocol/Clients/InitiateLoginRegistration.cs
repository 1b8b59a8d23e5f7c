using System.Collections.Immutable;
using System.Text.Json;
using Aict.IdentityServer.Sessions.BackchannelLogout;
using Microsoft.AspNetCore.WebUtilities;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.Protocol.Clients;

/// <summary>
/// A client's <c>initiate_login_uri</c> (OpenID Connect Registration 1.0 §2): where a third party such as
/// the portal's launcher sends the browser so that the client starts its own sign-in (Core §4).
/// Kept in the OpenIddict application's properties under the metadata name.
/// </summary>
public sealed record InitiateLoginRegistration(Uri LoginUri)
{
    public const string Property = "initiate_login_uri";

    /// <summary>Registers the URI on a client being created or updated; throws when the URI is not acceptable.</summary>
    public static void Set(OpenIddictApplicationDescriptor client, Uri loginUri, bool requireHttps)
    {
        if (Problem(loginUri, requireHttps) is { } problem)
        {
            throw new ArgumentException($"{Property} {problem}", nameof(loginUri));
        }

        client.Properties[Property] = JsonSerializer.SerializeToElement(loginUri.AbsoluteUri);
    }

    /// <summary>The client's registration, or null when it has none (or one no longer acceptable, e.g. http outside Development).</summary>
    public static InitiateLoginRegistration? Read(ImmutableDictionary<string, JsonElement> properties, bool requireHttps) =>
        properties.TryGetValue(Property, out var value) && value.ValueKind == JsonValueKind.String
            && Uri.TryCreate(value.GetString(), UriKind.Absolute, out var uri) && Problem(uri, requireHttps) is null
                ? new InitiateLoginRegistration(uri)
                : null;

    /// <summary>What is wrong with the URI, or null: the same rule as a back-channel logout URI (absolute http(s), no fragment).</summary>
    public static string? Problem(Uri uri, bool requireHttps) => BackchannelLogoutRegistration.Problem(uri, requireHttps);

    /// <summary>The URI a launcher opens: the registered one with <c>iss</c> added to its query (Core §4), which the client checks.</summary>
    public Uri LaunchUri(string issuer) => new(QueryHelpers.AddQueryString(LoginUri.AbsoluteUri, "iss", issuer));
}
