using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Aict.ServiceDefaults.Data;

/// <summary>
/// Every SQLite connection commits without waiting for the disk (<c>synchronous=NORMAL</c>, SQLite's advice for
/// WAL mode): the file can never be corrupted, and an application crash loses nothing, but a power cut or an
/// operating-system crash may roll back the last commits. With <c>FULL</c> each commit waits for an fsync and the
/// single writer, not the CPU, bounds every grant that writes a row. PostgreSQL keeps its own durability settings.
/// </summary>
internal sealed class SqliteConnectionTuning : DbConnectionInterceptor
{
    public static readonly SqliteConnectionTuning Instance = new();

    private const string Pragmas = "PRAGMA synchronous=NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
