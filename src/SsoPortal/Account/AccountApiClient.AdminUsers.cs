namespace Aict.SsoPortal.Account;

/// <summary>The console's user administration: create, edit, disable, delete, roles and activity.</summary>
public sealed partial class AccountApiClient
{
    /// <summary>The user, or the API's problem (404 when there is no such user).</summary>
    public Task<ApiResult<UserDetails>> GetUserDetailsAsync(string userId, CancellationToken cancellationToken) =>
        SendAsync<UserDetails>(HttpMethod.Get, UserPath(userId), null, cancellationToken);

    public Task<ApiResult<UserDetails>> CreateUserAsync(NewUserRequest user, CancellationToken cancellationToken) =>
        SendAsync<UserDetails>(HttpMethod.Post, "api/admin/users", user, cancellationToken);

    public Task<ApiResult<UserDetails>> UpdateUserAsync(string userId, UserChange change, CancellationToken cancellationToken) =>
        SendAsync<UserDetails>(HttpMethod.Put, UserPath(userId), change, cancellationToken);

    public Task<ApiProblem?> DeleteUserAsync(string userId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, UserPath(userId), null, cancellationToken);

    public Task<AuditResults> GetUserActivityAsync(string userId, int page, CancellationToken cancellationToken) =>
        GetAsync<AuditResults>($"{UserPath(userId)}/activity?page={page}", cancellationToken);

    public Task<List<RoleInfo>> GetRolesAsync(CancellationToken cancellationToken) => GetAsync<List<RoleInfo>>("api/admin/roles", cancellationToken);

    public Task<ApiProblem?> CreateRoleAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "api/admin/roles", new { name }, cancellationToken);

    public Task<ApiProblem?> DeleteRoleAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"api/admin/roles/{Uri.EscapeDataString(name)}", null, cancellationToken);

    public Task<ApiProblem?> GrantRoleAsync(string userId, string role, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, $"{UserPath(userId)}/roles/{Uri.EscapeDataString(role)}", null, cancellationToken);

    public Task<ApiProblem?> RevokeRoleAsync(string userId, string role, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"{UserPath(userId)}/roles/{Uri.EscapeDataString(role)}", null, cancellationToken);

    private static string UserPath(string userId) => $"api/admin/users/{Uri.EscapeDataString(userId)}";
}
