namespace Aict.IdentityServer.Protocol;

/// <summary>
/// The <c>Server</c> section. <see cref="Issuer"/> is every token's <c>iss</c> and the base of every absolute URL this
/// server writes (reset links, logout tokens, anything e-mailed), never the request's Host header, which anyone can forge.
/// </summary>
public sealed class ServerOptions
{
    public const string Section = "Server";

    /// <summary>The issuer in Development when none is configured: where the AppHost serves IdentityServer.</summary>
    public static readonly Uri DevelopmentIssuer = new("http://localhost:5100/");

    /// <summary>The public URL of this server, e.g. <c>https://id.example.com/</c>; required outside Development.</summary>
    public Uri? Issuer { get; set; }

    /// <summary>The issuer with a path that ends in <c>/</c>, so that relative links resolve beneath it.</summary>
    public static Uri WithTrailingSlash(Uri issuer) =>
        !issuer.IsAbsoluteUri || issuer.AbsolutePath.EndsWith('/') ? issuer : new Uri(issuer.AbsoluteUri + "/", UriKind.Absolute);

    /// <summary>Absolute, without query or fragment; https outside Development.</summary>
    public static bool IsUsable(Uri issuer, bool development) =>
        issuer.IsAbsoluteUri
        && (issuer.Scheme == Uri.UriSchemeHttps || (development && issuer.Scheme == Uri.UriSchemeHttp))
        && issuer.Query.Length == 0 && issuer.Fragment.Length == 0 && issuer.UserInfo.Length == 0;
}
