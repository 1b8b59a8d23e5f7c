namespace Aict.SsoPortal.Account;

/// <summary>The user's profile (<c>GET /api/account/profile</c>).</summary>
public sealed record UserProfile(
    string Id, string? Email, bool EmailConfirmed, string? Name, string? GivenName, string? FamilyName,
    string? PhoneNumber, string? Locale, bool MfaEnabled, bool IsAdministrator);

/// <summary>What the profile form changes (<c>PUT /api/account/profile</c>).</summary>
public sealed record ProfileChange(string? GivenName, string? FamilyName, string? PhoneNumber);

/// <summary>An app of the launcher: opening <see cref="LaunchUri"/> starts its sign-in, which SSO completes.</summary>
public sealed record LaunchableApp(string ClientId, string? DisplayName, Uri LaunchUri);

/// <summary>A client the user has granted access to, one entry per client.</summary>
public sealed record ConnectedApp(string ClientId, string? DisplayName, IReadOnlyList<string> Scopes, DateTimeOffset GrantedAt);

/// <summary>A running IdentityServer session.</summary>
public sealed record SessionInfo(
    string Id, bool Current, DateTimeOffset SignedInAt, DateTimeOffset LastActivityAt, DateTimeOffset ExpiresAt,
    IReadOnlyList<string> Methods, string? UserAgent, string? IpAddress, IReadOnlyList<SessionClient> Clients);

/// <summary>An app a session signed in to.</summary>
public sealed record SessionClient(string ClientId, string? DisplayName, DateTimeOffset LastSignedInAt);

/// <summary>One entry of the security activity.</summary>
public sealed record ActivityEntry(string Type, DateTimeOffset OccurredAt, string? IpAddress, string? UserAgent, string? ClientId, bool ByAdministrator);

/// <summary>A user as the administration API lists them.</summary>
public sealed record UserSummary(string Id, string? Email, string? Name, bool LockedOut, DateTimeOffset? LockoutEnd, bool MfaEnabled, int ActiveSessions, bool Disabled = false);

/// <summary>How many sessions an action ended.</summary>
public sealed record SessionsEnded(int Ended);

/// <summary>Why IdentityServer refused an action: its ProblemDetails' detail, per-field validation errors and problem type.</summary>
public sealed record ApiProblem(int Status, string? Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors, string? Type = null)
{
    /// <summary>IdentityServer's problem type for a change that needs a fresh sign-in.</summary>
    public const string RecentSignInType = "urn:aict:problem:recent-sign-in-required";

    public bool NeedsRecentSignIn => Type == RecentSignInType;
}

/// <summary>What a change returned: its <see cref="Value"/>, or IdentityServer's <see cref="Problem"/> with it.</summary>
public sealed record ApiResult<T>(T? Value, ApiProblem? Problem) where T : class;
