namespace Aict.CommerceApi.FunctionalTests.Infrastructure;

/// <summary>IdentityServer and CommerceApi on one database provider, with helpers that get real tokens.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
public abstract class CommerceServices(Func<TestDatabase> database) : IAsyncLifetime
{
    public const string UserScopes = "openid products:read orders:read orders:write reservations:read reservations:write";
    public const string PartnerScopes = "products:read products:write inventory:write orders:read";

    private readonly TestDatabase _identityDatabase = database();
    private readonly TestDatabase _commerceDatabase = database();
    private readonly Dictionary<string, string> _tokens = [];
    private IdentityServerFactory? _identity;
    private CommerceApiFactory? _api;

    public IdentityServerFactory Identity => _identity ?? throw new InvalidOperationException("Not started.");

    public CommerceApiFactory Api => _api ?? throw new InvalidOperationException("Not started.");

    /// <summary>A client-credentials token for <c>partner-erp</c>.</summary>
    public async Task<string> PartnerTokenAsync(string scopes = PartnerScopes) =>
        await CachedAsync($"partner {scopes}", async () =>
            (await new TokenClient(Identity.CreateBackChannel()).ClientCredentialsAsync(DemoRealm.PartnerErp, scopes)).AccessToken!);

    /// <summary>A user's token from the code flow through <c>channel-web</c>, signed in on the real page.</summary>
    public async Task<string> UserTokenAsync(DemoUser user, string scopes = UserScopes) =>
        await CachedAsync($"{user.Email} {scopes}", async () =>
            (await new CodeFlow(Identity).SignInAsync(new AuthorizationRequest(DemoRealm.ChannelWeb, scopes), user)).AccessToken!);

    public async Task<HttpClient> PartnerAsync(string scopes = PartnerScopes) => Api.CreateClient(await PartnerTokenAsync(scopes));

    public async Task<HttpClient> UserAsync(DemoUser user, string scopes = UserScopes) => Api.CreateClient(await UserTokenAsync(user, scopes));

    public HttpClient Anonymous() => Api.CreateClient(accessToken: null);

    // Tokens live 5 minutes, longer than a test run; signing in once per user keeps the suite fast.
    private async Task<string> CachedAsync(string key, Func<Task<string>> issue)
    {
        if (!_tokens.TryGetValue(key, out var token))
        {
            _tokens[key] = token = await issue();
        }

        return token;
    }

    public async Task InitializeAsync()
    {
        _identity = new IdentityServerFactory(_identityDatabase);
        // Tests move this instance's clock past holds (minutes at a time) while the admin's token, signed in once,
        // stays in use: its sign-in must not turn stale here. AdminStepUpTests check the window on their own instances.
        _api = new CommerceApiFactory(_identity, _commerceDatabase, new Dictionary<string, string?> { ["AdminAccess:RecentSignInWindow"] = "1.00:00:00" });
        using var health = _api.CreateClient();
        (await health.GetAsync("/health")).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await Identity.DisposeAsync();
        await _commerceDatabase.DisposeAsync();
        await _identityDatabase.DisposeAsync();
    }
}

public sealed class SqliteServices() : CommerceServices(TestDatabase.Sqlite);

public sealed class PostgresServices() : CommerceServices(TestDatabase.Postgres);

[CollectionDefinition(Name)]
public sealed class OnSqlite : ICollectionFixture<SqliteServices>
{
    public const string Name = "Commerce on SQLite";
}

[CollectionDefinition(Name)]
public sealed class OnPostgres : ICollectionFixture<PostgresServices>
{
    public const string Name = "Commerce on PostgreSQL";
}
