using System.Net.Sockets;
using Aict.ServiceDefaults.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Aict.ServiceDefaults.Tests;

/// <summary>Only an unreachable database becomes a 503; every other failure stays a 500 that someone must look at.</summary>
public sealed class DatabaseOutageTests
{
    [Fact]
    public async Task A_refused_connection_is_an_outage()
    {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        await using var connection = new NpgsqlConnection("Host=127.0.0.1;Port=1;Username=nobody;Timeout=2;Pooling=false");
        var refused = await Assert.ThrowsAnyAsync<NpgsqlException>(() => connection.OpenAsync());

        Assert.True(DatabaseOutage.IsUnreachable(refused));
        Assert.True(DatabaseOutage.IsUnreachable(new DbUpdateException("An error occurred while saving the entity changes.", refused)));
        Assert.True(DatabaseOutage.IsUnreachable(new InvalidOperationException("likely due to a transient failure", refused)));
    }

    [Theory]
    [InlineData(PostgresErrorCodes.AdminShutdown)]
    [InlineData(PostgresErrorCodes.CannotConnectNow)]
    [InlineData(PostgresErrorCodes.ConnectionFailure)]
    [InlineData(PostgresErrorCodes.TooManyConnections)]
    public void A_server_shutting_down_starting_up_or_full_is_an_outage(string sqlState) =>
        Assert.True(DatabaseOutage.IsUnreachable(new PostgresException("server", "FATAL", "FATAL", sqlState)));

    [Theory]
    [InlineData(PostgresErrorCodes.SyntaxError)]
    [InlineData(PostgresErrorCodes.UndefinedTable)]
    [InlineData(PostgresErrorCodes.UniqueViolation)]
    [InlineData(PostgresErrorCodes.SerializationFailure)]
    public void A_bad_query_a_constraint_or_a_race_is_not_an_outage(string sqlState)
    {
        var error = new PostgresException("query", "ERROR", "ERROR", sqlState);

        Assert.False(DatabaseOutage.IsUnreachable(error));
        Assert.False(DatabaseOutage.IsUnreachable(new DbUpdateException("save", error)));
    }

    [Fact]
    public void A_socket_failure_under_Npgsql_is_an_outage_but_one_of_our_own_is_not()
    {
        Assert.True(DatabaseOutage.IsUnreachable(new NpgsqlException("Exception while reading from stream", new SocketException((int)SocketError.ConnectionReset))));
        Assert.False(DatabaseOutage.IsUnreachable(new SocketException((int)SocketError.ConnectionRefused)));
        Assert.False(DatabaseOutage.IsUnreachable(new InvalidOperationException("Sequence contains no elements")));
        Assert.False(DatabaseOutage.IsUnreachable(new TimeoutException("our own deadline")));
    }

    [Theory]
    [InlineData(5, true)]
    [InlineData(14, true)]
    [InlineData(19, false)]
    [InlineData(1, false)]
    public void SQLite_busy_or_unopenable_is_an_outage_a_constraint_or_bad_SQL_is_not(int errorCode, bool outage) =>
        Assert.Equal(outage, DatabaseOutage.IsUnreachable(new SqliteException("sqlite", errorCode)));
}
