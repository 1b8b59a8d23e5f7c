using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aict.ServiceDefaults.Data;

/// <summary>
/// Keeps a SQLite database's write-ahead log file small. SQLite starts the log over once a checkpoint has copied all of
/// it into the database, but never shrinks the file, and it cannot start over while any connection still reads from
/// the log (checkpoint starvation, which overlapping readers under steady load can cause). Large deletes such as a
/// pruning round grow the log, and the file then stays that size (docs/performance.md#sqlite-wal-checkpoints).
/// Every <c>Database:WalCheckpointInterval</c> this asks for a TRUNCATE checkpoint, which holds new writers back while
/// the readers of the log finish (milliseconds), then empties the file.
/// </summary>
public sealed partial class SqliteWalCheckpoints(
    string connectionString, TimeSpan interval, TimeProvider clock, ILogger<SqliteWalCheckpoints> logger) : BackgroundService
{
    // Long enough for the log's readers to finish, short enough that a stuck reader does not hold writers back for long.
    private const string WaitForReaders = "PRAGMA busy_timeout=5000;";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CheckpointAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, exception);
            }
        }
    }

    /// <summary>Copies the log into the database and empties it; false when readers kept it busy past the timeout.</summary>
    public async Task<bool> CheckpointAsync(CancellationToken cancellationToken)
    {
        // Unpooled: the short busy timeout set here must not travel with a pooled connection to the application's commands.
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = WaitForReaders;
        await command.ExecuteNonQueryAsync(cancellationToken);
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await using var result = await command.ExecuteReaderAsync(cancellationToken);
        // One row: busy (1 when the checkpoint could not finish), frames in the log, frames copied.
        if (!await result.ReadAsync(cancellationToken) || result.GetInt32(0) == 0)
        {
            return true;
        }

        var (frames, copied) = (result.GetInt64(1), result.GetInt64(2));
        LogBusy(logger, frames, copied);
        return false;
    }

    [LoggerMessage(EventId = 9100, Level = LogLevel.Information,
        Message = "The SQLite write-ahead log stayed busy: {Copied} of {Frames} frames copied; the next checkpoint tries again.")]
    private static partial void LogBusy(ILogger logger, long frames, long copied);

    [LoggerMessage(EventId = 9101, Level = LogLevel.Warning, Message = "A SQLite write-ahead log checkpoint failed; the next one tries again.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
