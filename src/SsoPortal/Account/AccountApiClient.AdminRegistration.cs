namespace Aict.SsoPortal.Account;

/// <summary>The admin console's initial access tokens for dynamic client registration (<c>/api/admin/initial-access-tokens</c>).</summary>
public sealed partial class AccountApiClient
{
    public Task<InitialAccessTokenList> GetInitialAccessTokensAsync(CancellationToken cancellationToken) =>
        GetAsync<InitialAccessTokenList>("api/admin/initial-access-tokens", cancellationToken);

    /// <summary>Creates a token; the answer holds the token itself, which IdentityServer never shows again.</summary>
    public Task<ApiResult<CreatedInitialAccessToken>> CreateInitialAccessTokenAsync(NewInitialAccessToken token, CancellationToken cancellationToken) =>
        SendAsync<CreatedInitialAccessToken>(HttpMethod.Post, "api/admin/initial-access-tokens", token, cancellationToken);

    public Task<ApiProblem?> RevokeInitialAccessTokenAsync(string id, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"api/admin/initial-access-tokens/{Uri.EscapeDataString(id)}", null, cancellationToken);
}

/// <summary>An initial access token as the console lists it (never the token itself).</summary>
public sealed record InitialAccessTokenInfo(
    string Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, bool MultiUse, int UseCount, DateTimeOffset? RevokedAt,
    bool Usable, IReadOnlyList<string> Scopes, IReadOnlyList<string> GrantTypes);

/// <summary>The tokens, and the scopes and grant types a new one may allow.</summary>
public sealed record InitialAccessTokenList(IReadOnlyList<InitialAccessTokenInfo> Tokens, IReadOnlyList<string> Scopes, IReadOnlyList<string> GrantTypes);

/// <summary>What the console asks for.</summary>
public sealed record NewInitialAccessToken(string Name, DateTimeOffset ExpiresAt, bool MultiUse, IReadOnlyList<string> Scopes, IReadOnlyList<string> GrantTypes);

/// <summary>A created token: <see cref="Token"/> is shown once.</summary>
public sealed record CreatedInitialAccessToken(InitialAccessTokenInfo InitialAccessToken, string Token);
