using System.Security.Claims;

namespace Aict.CommerceApi.Security;

/// <summary>
/// Who is calling, read from a validated access token: a user (a token with a session, <c>sid</c>)
/// or a partner system (a client-credentials token, whose subject is its own client id).
/// </summary>
public sealed record Caller(string Subject, string ClientId, bool IsPartner, bool IsAdmin, IReadOnlySet<string> Scopes)
{
    public const string AdminRole = "admin";

    /// <summary>Admins and partners act on every customer's data; a user only on their own.</summary>
    public bool MaySee(string customerId) => IsAdmin || IsPartner || customerId == Subject;

    /// <summary>The token's <c>role</c> claims (promotions can be limited to a role).</summary>
    public IReadOnlySet<string> Roles { get; init; } = new HashSet<string>();

    /// <summary>How the user signed in, the token's <c>acr</c> (see <see cref="AuthenticationLevels"/>); null for partners.</summary>
    public string? AuthenticationLevel { get; init; }

    public static Caller From(ClaimsPrincipal principal)
    {
        var subject = principal.FindFirstValue("sub") ?? throw new InvalidOperationException("A validated access token always has a subject.");
        var clientId = principal.FindFirstValue("client_id") ?? subject;
        var scopes = (principal.FindFirstValue("scope") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        return new Caller(
            subject,
            clientId,
            IsPartner: principal.FindFirst("sid") is null && subject == clientId,
            IsAdmin: principal.FindAll("role").Any(role => role.Value == AdminRole),
            scopes)
        {
            Roles = principal.FindAll("role").Select(role => role.Value).ToHashSet(),
            AuthenticationLevel = principal.FindFirstValue("acr"),
        };
    }
}
