namespace Aict.SsoPortal.Account;

/// <summary>Everything the console shows about one user (<c>GET /api/admin/users/{id}</c>).</summary>
public sealed record UserDetails(
    string Id,
    string? Email,
    bool EmailConfirmed,
    string? Name,
    string? GivenName,
    string? FamilyName,
    string? PhoneNumber,
    string? Locale,
    bool Disabled,
    bool LockedOut,
    DateTimeOffset? LockoutEnd,
    bool MfaEnabled,
    int ActiveSessions,
    IReadOnlyList<string> Roles,
    DateTimeOffset CreatedAt);

/// <summary>A user to create; without a password IdentityServer e-mails a link to choose one.</summary>
public sealed record NewUserRequest(string Email, string? GivenName, string? FamilyName, string? Password, string? Locale);

/// <summary>A user's profile as an administrator changes it; empty optional values clear the field.</summary>
public sealed record UserChange(string Email, string? GivenName, string? FamilyName, string? PhoneNumber, string? Locale);

/// <summary>A role and how many users hold it.</summary>
public sealed record RoleInfo(string Name, int Users);
