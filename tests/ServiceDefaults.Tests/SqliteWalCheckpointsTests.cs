using Aict.ServiceDefaults.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aict.ServiceDefaults.Tests;

/// <summary>A SQLite file under steady load keeps a bounded write-ahead log, and loses nothing when it is emptied.</summary>
public sealed class SqliteWalCheckpointsTests : IDisposable
{
    private const long Rows = 4_000;

    private readonly string _directory = Directory.CreateTempSubdirectory("aict-wal-").FullName;

    private string File => Path.Combine(_directory, "service.db");

    private string Log => File + "-wal";

    private string ConnectionString => $"Data Source={File};Pooling=False";

    private SqliteWalCheckpoints Checkpoints => new(ConnectionString, TimeSpan.FromSeconds(30), TimeProvider.System, NullLogger<SqliteWalCheckpoints>.Instance);

    [Fact]
    public async Task A_checkpoint_empties_the_log_that_overlapping_readers_kept_from_starting_over()
    {
        await using var service = await CreateDatabaseAsync();
        await using (var reader = await OpenAsync())
        await using (await WriteWhileReadingAsync(reader))
        {
        }

        Assert.True(new FileInfo(Log).Length > 1_000_000);

        Assert.True(await Checkpoints.CheckpointAsync(CancellationToken.None));

        Assert.Equal(0, new FileInfo(Log).Length);
        Assert.Equal(Rows, await CountAsync(service));
    }

    [Fact]
    public async Task A_reader_that_does_not_finish_leaves_the_log_for_the_next_checkpoint_and_writers_go_on()
    {
        await using var service = await CreateDatabaseAsync();
        await using var reader = await OpenAsync();
        await using var read = await WriteWhileReadingAsync(reader);

        Assert.False(await Checkpoints.CheckpointAsync(CancellationToken.None));

        await InsertAsync(service);
        Assert.Equal(Rows + 200, await CountAsync(service));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The service's connection stays open: the last one to close would checkpoint and delete the log itself.</summary>
    private async Task<SqliteConnection> CreateDatabaseAsync()
    {
        var service = await OpenAsync();
        await using var create = new SqliteCommand("PRAGMA journal_mode=WAL; CREATE TABLE Tokens (Id INTEGER PRIMARY KEY, Payload TEXT NOT NULL);", service);
        await create.ExecuteNonQueryAsync();
        return service;
    }

    /// <summary>A read transaction that overlaps every write, as under steady load: SQLite's own checkpoints never reset the log.</summary>
    private async Task<SqliteTransaction> WriteWhileReadingAsync(SqliteConnection reader)
    {
        var read = reader.BeginTransaction(deferred: true);
        await CountAsync(reader, read);
        await using var writer = await OpenAsync();
        for (var batch = 0; batch < Rows / 200; batch++)
        {
            await InsertAsync(writer);
        }

        return read;
    }

    private static async Task InsertAsync(SqliteConnection connection)
    {
        await using var insert = new SqliteCommand(
            "INSERT INTO Tokens (Payload) SELECT hex(randomblob(500)) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) SELECT i FROM n);",
            connection);
        await insert.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountAsync(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        await using var count = new SqliteCommand("SELECT COUNT(*) FROM Tokens", connection, transaction);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
