namespace Aict.IdentityServer.SignIn.Mfa.Passkeys;

/// <summary>Which configured origins may run WebAuthn ceremonies for the relying party.</summary>
internal static class PasskeyOrigins
{
    /// <summary>
    /// An origin alone (no path, query or fragment), whose host is the RP id or one of its subdomains
    /// (what browsers enforce), and https unless in Development.
    /// </summary>
    public static bool IsAllowed(string origin, string relyingPartyId, bool development) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (development && uri.Scheme == Uri.UriSchemeHttp))
        && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0
        && (string.Equals(uri.Host, relyingPartyId, StringComparison.OrdinalIgnoreCase)
            || uri.Host.EndsWith("." + relyingPartyId, StringComparison.OrdinalIgnoreCase));

    /// <summary>The origin as the browser writes it in clientDataJSON: scheme://host[:port], no trailing slash.</summary>
    public static string Normalize(string origin) => new Uri(origin, UriKind.Absolute).GetLeftPart(UriPartial.Authority);
}
