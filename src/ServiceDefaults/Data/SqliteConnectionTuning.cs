using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Aict.ServiceDefaults.Data;

/// <summary>
/// Every SQLite connection commits without waiting for the disk (<c>synchronous=NORMAL</c>, SQLite's advice for
/// WAL mode): the file can never be corrupted, and an application crash loses nothing, but a power cut or an
/// operating-system crash may roll back the last commits. With <c>FULL</c> each commit waits for an fsync and the
/// single writer, not the CPU, bounds every grant that writes a row. PostgreSQL keeps its own durability settings.
/// <para>
/// Concurrent writers wait for SQLite's single write lock inside SQLite (<c>busy_timeout</c>), rather than in
/// Microsoft.Data.Sqlite's sleep between retries, which left the machine idle under concurrent grants
/// (docs/performance.md#sqlite-busy-timeout).
/// </para>
/// </summary>
internal sealed class SqliteConnectionTuning : DbConnectionInterceptor
{
    public static readonly SqliteConnectionTuning Instance = new();

    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";

    // The setting lives on the native connection, which the pool hands out again: tune each one once, not per open.
    private static readonly ConditionalWeakTable<object, object> Tuned = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (NeedsTuning(connection, out var handle))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
            Tuned.AddOrUpdate(handle, handle);
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (NeedsTuning(connection, out var handle))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            Tuned.AddOrUpdate(handle, handle);
        }
    }

    private static bool NeedsTuning(DbConnection connection, out object handle)
    {
        handle = (connection as SqliteConnection)?.Handle ?? (object)connection;
        return !Tuned.TryGetValue(handle, out _);
    }
}
