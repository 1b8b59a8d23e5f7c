using Npgsql;

namespace Aict.TestSupport;

/// <summary>A fresh, empty identity database for one test server, dropped afterwards.</summary>
public abstract class TestDatabase : IAsyncDisposable
{
    public abstract string Provider { get; }

    public abstract string ConnectionString { get; }

    public abstract ValueTask DisposeAsync();

    public static TestDatabase Sqlite() => new SqliteTestDatabase();

    public static TestDatabase Postgres() => new PostgresTestDatabase();

    private sealed class SqliteTestDatabase : TestDatabase
    {
        private readonly string _path = Path.Combine(Path.GetTempPath(), $"aict-ids-{Guid.NewGuid():N}.db");

        public override string Provider => "Sqlite";

        public override string ConnectionString => $"Data Source={_path}";

        public override ValueTask DisposeAsync()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
            {
                File.Delete(file);
            }

            return ValueTask.CompletedTask;
        }
    }

    /// <summary>On the server that scripts/test.sh starts (AICT_TEST_POSTGRES); the database is created by the migrations.</summary>
    private sealed class PostgresTestDatabase : TestDatabase
    {
        private readonly string _server = Environment.GetEnvironmentVariable("AICT_TEST_POSTGRES")
            ?? "Host=127.0.0.1;Port=5432;Username=aict;Password=aict";

        private readonly string _name = $"aict_ids_{Guid.NewGuid():N}";

        public override string Provider => "Postgres";

        public override string ConnectionString => $"{_server};Database={_name}";

        public override async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection($"{_server};Database=postgres");
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await drop.ExecuteNonQueryAsync();
                    return;
                }
                catch (PostgresException error) when (attempt < 5 && error.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse)
                {
                    // A server process of another role (autovacuum) can hold the database for a moment; FORCE may not end it.
                    await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
                }
            }
        }
    }
}
