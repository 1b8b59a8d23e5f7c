using System.Globalization;

namespace Aict.Benchmarks.Protocol;

/// <summary>Rows in IdentityServer's token-related tables after the scenarios: what a run leaves behind.</summary>
internal sealed record TableGrowth(IReadOnlyList<(string Table, long Rows)> AfterRun, IReadOnlyList<(string Table, long Rows)>? AfterPrune)
{
    public static readonly string[] Tables = ["OpenIddictTokens", "OpenIddictAuthorizations", "UserSessions"];

    public static async Task<TableGrowth> MeasureAsync(ProtocolStack stack)
    {
        var afterRun = Count(stack);
        var pruned = await PruneAsync(stack);
        return new TableGrowth(afterRun, pruned ? Count(stack) : null);
    }

    /// <summary>
    /// Hook for IdentityServer's <c>prune</c> command (to come): run it here against the stack's identity database,
    /// with the same environment as the server, and return true so the rows are counted again. Until then: false.
    /// </summary>
    private static Task<bool> PruneAsync(ProtocolStack stack) => Task.FromResult(false);

    private static List<(string Table, long Rows)> Count(ProtocolStack stack)
    {
        using var connection = stack.Databases.Open(stack.IdentityConnectionString);
        return Tables.Select(table =>
        {
            using var command = connection.CreateCommand();
            // Table names are constants above, quoted as both providers expect.
#pragma warning disable CA2100
            command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
#pragma warning restore CA2100
            return (table, Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture));
        }).ToList();
    }
}
