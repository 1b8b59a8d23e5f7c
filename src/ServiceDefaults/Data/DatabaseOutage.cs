using Microsoft.Data.Sqlite;
using Npgsql;

namespace Aict.ServiceDefaults.Data;

/// <summary>
/// Tells "the database cannot be reached right now" apart from every other failure. Only the former becomes a 503 that
/// asks the caller to retry; a bad query, a constraint violation or a bug in our code stays a logged 500.
/// </summary>
public static class DatabaseOutage
{
    // SQLite's primary result codes: the file is locked past the busy timeout, or cannot be opened at all.
    private const int SqliteBusy = 5;
    private const int SqliteCantOpen = 14;

    /// <summary>True when <paramref name="exception"/>, or one it wraps (EF Core's DbUpdateException and retry hints), says the database is unreachable.</summary>
    public static bool IsUnreachable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException postgres:
                    return IsUnreachable(postgres.SqlState);
                case NpgsqlException npgsql:
                    // Not a server error: the socket, a read or the connection timeout failed (Npgsql marks those transient).
                    return npgsql.IsTransient;
                case SqliteException sqlite:
                    return (sqlite.SqliteErrorCode & 0xFF) is SqliteBusy or SqliteCantOpen;
            }
        }

        return false;
    }

    /// <summary>
    /// Connection exceptions (class 08), a server shutting down or starting up (57P01-57P03) and too many connections (53300).
    /// Serialization failures and deadlocks are transient too, but they are races between requests, not an outage.
    /// </summary>
    private static bool IsUnreachable(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal)
        || sqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            or PostgresErrorCodes.TooManyConnections;
}
