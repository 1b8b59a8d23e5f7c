using System.Security.Claims;
using Aict.ServiceDefaults.Security;
using Microsoft.Extensions.Options;

namespace Aict.CommerceApi.Security;

/// <summary>
/// Who is calling, read from a validated access token: a user (a token with a session, <c>sid</c>)
/// or a partner system (a client-credentials token, whose subject is its own client id).
/// </summary>
public sealed record Caller(string Subject, string ClientId, bool IsPartner, bool IsAdmin, IReadOnlySet<string> Scopes)
{
    public const string AdminRole = "admin";

    /// <summary>Partners act on every customer's data, admins too (<see cref="ActsAsAdmin"/>); a user only on their own.</summary>
    public bool MaySee(string customerId) => customerId == Subject || IsPartner || ActsAsAdmin();

    /// <summary>The token's <c>role</c> claims (promotions can be limited to a role).</summary>
    public IReadOnlySet<string> Roles { get; init; } = new HashSet<string>();

    /// <summary>How the user signed in, the token's <c>acr</c> (see <see cref="AuthenticationLevels"/>); null for partners.</summary>
    public string? AuthenticationLevel { get; init; }

    /// <summary>Null when the admin's sign-in carries admin rights (or the caller is no admin); else what stepping up must bring.</summary>
    public AdminStepUp? AdminStepUpNeeded { get; init; }

    /// <summary>
    /// Whether this request acts with admin rights. An admin whose sign-in lacks MFA or is older than
    /// <see cref="AdminAccessOptions.RecentSignInWindow"/> gets RFC 9470's step-up challenge instead.
    /// </summary>
    public bool ActsAsAdmin() => IsAdmin && (AdminStepUpNeeded is not { } stepUp
        ? true
        : throw new InsufficientUserAuthenticationException(AuthenticationLevels.MultiFactor,
            $"Admin rights need a sign-in with multi-factor authentication within the last {stepUp.Window.TotalMinutes:0} minutes.",
            stepUp.SignInTooOld ? stepUp.Window : null));

    public static Caller From(HttpContext http)
    {
        var principal = http.User;
        var subject = principal.FindFirstValue("sub") ?? throw new InvalidOperationException("A validated access token always has a subject.");
        var clientId = principal.FindFirstValue("client_id") ?? subject;
        var scopes = (principal.FindFirstValue("scope") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var isAdmin = principal.FindAll("role").Any(role => role.Value == AdminRole);
        var level = principal.FindFirstValue("acr");
        return new Caller(
            subject,
            clientId,
            IsPartner: principal.FindFirst("sid") is null && subject == clientId,
            isAdmin,
            scopes)
        {
            Roles = principal.FindAll("role").Select(role => role.Value).ToHashSet(),
            AuthenticationLevel = level,
            AdminStepUpNeeded = isAdmin ? AdminStepUp.For(http, level, principal.FindFirstValue("auth_time")) : null,
        };
    }
}

/// <summary>Why an admin's sign-in does not carry admin rights: no second factor, or a sign-in older than <see cref="Window"/>.</summary>
public sealed record AdminStepUp(TimeSpan Window, bool SignInTooOld)
{
    public static AdminStepUp? For(HttpContext http, string? level, string? authTime)
    {
        var window = http.RequestServices.GetRequiredService<IOptions<AdminAccessOptions>>().Value.RecentSignInWindow;
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var recent = StepUpChallenge.IsRecent(authTime, now, window);
        return level == AuthenticationLevels.MultiFactor && recent ? null : new AdminStepUp(window, !recent);
    }
}
