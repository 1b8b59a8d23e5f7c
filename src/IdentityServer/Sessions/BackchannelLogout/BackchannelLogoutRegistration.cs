using System.Collections.Immutable;
using System.Text.Json;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.Sessions.BackchannelLogout;

/// <summary>
/// A client's back-channel logout registration (OIDC Back-Channel Logout 1.0 §2.2), kept in the
/// OpenIddict application's properties under the metadata names the specification uses.
/// </summary>
public sealed record BackchannelLogoutRegistration(Uri LogoutUri, bool SessionRequired)
{
    public const string UriProperty = "backchannel_logout_uri";
    public const string SessionRequiredProperty = "backchannel_logout_session_required";

    /// <summary>Registers the logout URI on a client being created or updated; throws when the URI is not acceptable.</summary>
    public static void Set(OpenIddictApplicationDescriptor client, Uri logoutUri, bool sessionRequired, LogoutUriRule rule)
    {
        if (Problem(logoutUri, rule) is { } problem)
        {
            throw new ArgumentException($"{UriProperty} {problem}", nameof(logoutUri));
        }

        client.Properties[UriProperty] = JsonSerializer.SerializeToElement(logoutUri.AbsoluteUri);
        client.Properties[SessionRequiredProperty] = JsonSerializer.SerializeToElement(sessionRequired);
    }

    /// <summary>
    /// The client's registration, or null when it has none (or one no longer acceptable, e.g. http or a loopback
    /// address outside Development).
    /// </summary>
    public static BackchannelLogoutRegistration? Read(ImmutableDictionary<string, JsonElement> properties, LogoutUriRule rule)
    {
        if (!properties.TryGetValue(UriProperty, out var uriValue) || uriValue.ValueKind != JsonValueKind.String
            || !Uri.TryCreate(uriValue.GetString(), UriKind.Absolute, out var uri) || Problem(uri, rule) is not null)
        {
            return null;
        }

        var sessionRequired = properties.TryGetValue(SessionRequiredProperty, out var flag) && flag.ValueKind == JsonValueKind.True;
        return new BackchannelLogoutRegistration(uri, sessionRequired);
    }

    /// <summary>What is wrong with the URI under <paramref name="rule"/>, or null.</summary>
    public static string? Problem(Uri uri, LogoutUriRule rule) =>
        Problem(uri, rule.RequireHttps)
        ?? (!rule.AllowPrivateNetworks && PrivateNetworks.IsNamedBy(uri)
            ? "must not point at a loopback, link-local or private address outside Development (BackchannelLogout:AllowPrivateNetworks)."
            : null);

    /// <summary>What is wrong with the URI's form (§2.2: absolute, no fragment; a query is kept), or null.</summary>
    public static string? Problem(Uri uri, bool requireHttps)
    {
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "must be an absolute http(s) URI.";
        }

        if (uri.Fragment.Length > 0 || uri.OriginalString.Contains('#', StringComparison.Ordinal))
        {
            return "must not contain a fragment.";
        }

        return requireHttps && uri.Scheme != Uri.UriSchemeHttps ? "must use https outside Development." : null;
    }
}
