using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Aict.ServiceDefaults.Data;

/// <summary>
/// After PostgreSQL restarts, every idle connection in the pool is dead, and each would fail one more request when it is
/// next handed out. The first failure that says the server is unreachable empties the pool instead, so the requests
/// after the server's return open fresh connections.
/// </summary>
internal sealed class NpgsqlPoolReset : DbConnectionInterceptor, IDbCommandInterceptor
{
    public static readonly NpgsqlPoolReset Instance = new();

    public override void ConnectionFailed(DbConnection connection, ConnectionErrorEventData eventData) => Reset(connection, eventData.Exception);

    public override Task ConnectionFailedAsync(DbConnection connection, ConnectionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Reset(connection, eventData.Exception);
        return Task.CompletedTask;
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Reset(eventData.Connection, eventData.Exception);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Reset(eventData.Connection, eventData.Exception);
        return Task.CompletedTask;
    }

    private static void Reset(DbConnection? connection, Exception exception)
    {
        if (connection is NpgsqlConnection npgsql && DatabaseOutage.IsUnreachable(exception))
        {
            NpgsqlConnection.ClearPool(npgsql);
        }
    }
}
