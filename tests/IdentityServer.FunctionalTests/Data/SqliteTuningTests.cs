using Aict.IdentityServer.FunctionalTests.Infrastructure;
using Aict.IdentityServer.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.Data;

/// <summary>
/// SQLite runs in WAL mode, commits without an fsync per transaction and lets SQLite itself wait for the write lock,
/// on every pooled connection.
/// </summary>
[Collection(OnSqlite.Name)]
public sealed class SqliteTuningTests(SqliteServer server)
{
    [Fact]
    public async Task Every_connection_commits_with_synchronous_normal_in_WAL_mode_and_waits_for_the_write_lock()
    {
        for (var round = 0; round < 3; round++)
        {
            await using var scope = server.Factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            await db.Database.OpenConnectionAsync();
            try
            {
                // 1 is NORMAL (2 would be FULL, SQLite's default).
                Assert.Equal(1L, await ScalarAsync(db, "PRAGMA synchronous;"));
                Assert.Equal("wal", await ScalarAsync(db, "PRAGMA journal_mode;"));
                // Without it Microsoft.Data.Sqlite retries a busy write after sleeping 150 ms.
                Assert.Equal(30_000L, await ScalarAsync(db, "PRAGMA busy_timeout;"));
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private static async Task<object?> ScalarAsync(ApplicationDbContext db, string sql)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
