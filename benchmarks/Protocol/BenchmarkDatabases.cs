using System.Data.Common;
using System.Globalization;
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

    /// <summary>What a database takes on disk: the whole PostgreSQL database, or a SQLite file with its write-ahead log.</summary>
    public abstract DiskUse SizeOnDisk(string connectionString);

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

        public override DiskUse SizeOnDisk(string connectionString)
        {
            var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
            var log = new FileInfo(file + "-wal");
            return new DiskUse(new FileInfo(file).Length, log.Exists ? log.Length : 0);
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

        public override DiskUse SizeOnDisk(string connectionString)
        {
            using var connection = Open(connectionString);
            using var command = new NpgsqlCommand("SELECT pg_database_size(current_database())", (NpgsqlConnection)connection);
            return new DiskUse((long)command.ExecuteScalar()!, null);
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

/// <summary>Bytes on disk: the database, and for SQLite its write-ahead log beside it.</summary>
internal sealed record DiskUse(long DatabaseBytes, long? LogBytes)
{
    public override string ToString() => LogBytes is { } log
        ? string.Create(CultureInfo.InvariantCulture, $"{DatabaseBytes / 1e6:N0} MB + {log / 1e6:N0} MB log")
        : string.Create(CultureInfo.InvariantCulture, $"{DatabaseBytes / 1e6:N0} MB");
}
