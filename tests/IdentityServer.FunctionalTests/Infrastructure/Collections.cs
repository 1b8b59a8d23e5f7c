namespace Aict.IdentityServer.FunctionalTests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class OnSqlite : ICollectionFixture<SqliteServer>
{
    public const string Name = "IdentityServer on SQLite";
}

[CollectionDefinition(Name)]
public sealed class OnPostgres : ICollectionFixture<PostgresServer>
{
    public const string Name = "IdentityServer on PostgreSQL";
}
