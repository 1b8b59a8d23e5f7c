using System.ComponentModel.DataAnnotations;

namespace Aict.SsoPortal.Authentication;

/// <summary>The portal as an OpenID Connect client of IdentityServer (section <c>Oidc</c>).</summary>
public sealed class OidcClientOptions
{
    public const string Section = "Oidc";

    [Required(ErrorMessage = "Oidc:Authority is required: the IdentityServer issuer, e.g. https://id.example.com/.")]
    public Uri? Authority { get; set; }

    [Required(ErrorMessage = "Oidc:ClientId is required.")]
    public string ClientId { get; set; } = "sso-portal";

    [Required(ErrorMessage = "Oidc:ClientSecret is required: the sso-portal client's secret.")]
    public string? ClientSecret { get; set; }
}

/// <summary>How the portal keeps its sessions (section <c>Portal</c>).</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>Discovery and JWKS over HTTPS only; Development alone may turn it off.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Prefix of every Redis key the portal writes (tickets, the sid index, replayed logout tokens, key ring).</summary>
    [Required]
    public string KeyPrefix { get; set; } = "portal:";

    /// <summary>An access token with less than this left is refreshed before it is used.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RefreshBefore { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Sliding lifetime of a portal session (the cookie and its server-side ticket).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);
}
