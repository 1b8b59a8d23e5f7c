using System.Globalization;

namespace Aict.Benchmarks.Protocol;

/// <summary>Rows in IdentityServer's token-related tables: what a run leaves behind (the growth run counts them every minute).</summary>
internal sealed record TableGrowth(IReadOnlyList<(string Table, long Rows)> Rows)
{
    public static readonly string[] Tables = ["OpenIddictTokens", "OpenIddictAuthorizations", "UserSessions"];

    public long this[string table] => Rows.First(row => row.Table == table).Rows;

    public static TableGrowth Count(ProtocolStack stack)
    {
        using var connection = stack.Databases.Open(stack.IdentityConnectionString);
        return new TableGrowth(Tables.Select(table =>
        {
            using var command = connection.CreateCommand();
            // Table names are constants above, quoted as both providers expect.
#pragma warning disable CA2100
            command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
#pragma warning restore CA2100
            return (table, Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture));
        }).ToList());
    }
}
