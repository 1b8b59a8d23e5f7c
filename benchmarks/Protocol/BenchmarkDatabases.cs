using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Aict.Benchmarks.Protocol;

/// <summary>
/// Fresh, empty databases for one stack: SQLite files in a temporary folder, or PostgreSQL databases created
/// here and dropped on dispose. The services' migrations create the tables.
/// </summary>
internal abstract class BenchmarkDatabases : IAsyncDisposable
{
    /// <summary>The services' <c>Database:Provider</c>.</summary>
    public abstract string Provider { get; }

    public abstract Task<string> CreateAsync(string name);

    public abstract DbConnection Open(string connectionString);

    public abstract ValueTask DisposeAsync();

    public static BenchmarkDatabases For(string database, DriverSettings settings, string temporaryDirectory) => database switch
    {
        "sqlite" => new SqliteFiles(temporaryDirectory),
        "postgres" => new PostgresDatabases(settings.Postgres!),
        _ => throw new ArgumentOutOfRangeException(nameof(database), database, "sqlite or postgres"),
    };

    private sealed class SqliteFiles(string directory) : BenchmarkDatabases
    {
        private readonly List<string> _files = [];

        public override string Provider => "Sqlite";

        public override Task<string> CreateAsync(string name)
        {
            var file = Path.Combine(directory, name + ".db");
            _files.Add(file);
            return Task.FromResult($"Data Source={file}");
        }

        public override DbConnection Open(string connectionString)
        {
            var connection = new SqliteConnection(connectionString);
            connection.Open();
            return connection;
        }

        // Deleted even when the run failed; the logs beside them stay for reading.
        public override ValueTask DisposeAsync()
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in _files.SelectMany(file => new[] { file, file + "-wal", file + "-shm" }))
            {
                File.Delete(file);
            }

            return ValueTask.CompletedTask;
        }
    }

    private sealed class PostgresDatabases(string server) : BenchmarkDatabases
    {
        private readonly string _prefix = $"aict_bench_{Guid.NewGuid():N}"[..20];
        private readonly List<string> _created = [];

        public override string Provider => "Postgres";

        public override async Task<string> CreateAsync(string name)
        {
            var database = $"{_prefix}_{name.Replace('-', '_')}";
            await ExecuteAsync($"CREATE DATABASE \"{database}\"");
            _created.Add(database);
            return $"{server};Database={database}";
        }

        public override DbConnection Open(string connectionString)
        {
            var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            return connection;
        }

        public override async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            foreach (var database in _created)
            {
                // FORCE ends the sessions of services that were killed rather than stopped.
                await ExecuteAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
            }
        }

        private async Task ExecuteAsync(string sql)
        {
            await using var connection = new NpgsqlConnection($"{server};Database=postgres");
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
