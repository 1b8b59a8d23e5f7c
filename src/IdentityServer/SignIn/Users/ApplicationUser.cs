using Microsoft.AspNetCore.Identity;

namespace Aict.IdentityServer.SignIn.Users;

/// <summary>A person who signs in; carries what the standard OpenID Connect scopes release.</summary>
public sealed class ApplicationUser : IdentityUser
{
    public string? GivenName { get; set; }

    public string? FamilyName { get; set; }

    /// <summary>BCP 47 tag such as <c>ko-KR</c>; also the default language of the hosted pages.</summary>
    public string? Locale { get; set; }

    public PostalAddress? Address { get; set; }

    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>
    /// Switched off by an administrator or a provisioning system (SCIM <c>active: false</c>): no sign-in, no
    /// refresh, until switched on again. Unlike a lock, it is the account's state, not a security response.
    /// </summary>
    public bool Disabled { get; set; }

    /// <summary>The provisioning system's own id for this user (SCIM <c>externalId</c>).</summary>
    public string? ExternalId { get; set; }

    public string? DisplayName => (GivenName, FamilyName) switch
    {
        (null, null) => null,
        (_, null) => GivenName,
        (null, _) => FamilyName,
        _ => $"{GivenName} {FamilyName}",
    };
}

/// <summary>The OpenID Connect <c>address</c> claim's fields (Core §5.1.1).</summary>
public sealed class PostalAddress
{
    public string? StreetAddress { get; set; }

    public string? Locality { get; set; }

    public string? Region { get; set; }

    public string? PostalCode { get; set; }

    public string? Country { get; set; }
}
