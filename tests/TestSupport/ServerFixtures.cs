namespace Aict.TestSupport;

/// <summary>One IdentityServer on SQLite shared by a test collection.</summary>
public sealed class SqliteServer : ServerFixture
{
    public SqliteServer() : base(TestDatabase.Sqlite()) { }
}

/// <summary>One IdentityServer on a real PostgreSQL server shared by a test collection.</summary>
public sealed class PostgresServer : ServerFixture
{
    public PostgresServer() : base(TestDatabase.Postgres()) { }
}

public abstract class ServerFixture(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null) : IAsyncLifetime
{
    public IdentityServerFactory Factory { get; } = new(database, settings);

    public async Task InitializeAsync()
    {
        // Starting the host migrates and seeds; do it once, before any test of the collection.
        using var client = Factory.CreateBackChannel();
        (await client.GetAsync("/.well-known/openid-configuration")).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await database.DisposeAsync();
    }
}
