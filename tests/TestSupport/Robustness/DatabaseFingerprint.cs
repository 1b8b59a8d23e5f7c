using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.TestSupport.Robustness;

/// <summary>A digest of every row of every table a context maps, per table, to tell whether a request wrote anything.</summary>
public static class DatabaseFingerprint
{
    /// <summary>What a refused password or code is meant to write in the identity database: the counters that lead to a lockout.</summary>
    private static readonly string[] CountersOfFailures =
    [
        "AspNetUsers.AccessFailedCount", "AspNetUsers.LockoutEnd", "AspNetUsers.ConcurrencyStamp",
        "TotpAuthenticators.FailedAttempts", "TotpAuthenticators.AttemptWindowStartedAt",
    ];

    /// <summary>IdentityServer's database, less the failed-attempt counters and the audit trail, which records refusals.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ComputeAsync(IdentityServerFactory identity)
    {
        await using var scope = identity.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        return await ComputeAsync(db, [.. CountersOfFailures, db.Model.FindEntityType(typeof(AuditEvent))!.GetTableName()!]);
    }

    /// <summary>The tables whose rows differ between two fingerprints.</summary>
    public static IReadOnlyList<string> Changed(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        before.Keys.Union(after.Keys).Where(table => before.GetValueOrDefault(table) != after.GetValueOrDefault(table)).Order().ToList();

    /// <param name="context">The context whose tables are read.</param>
    /// <param name="ignored">
    /// Tables (<c>Table</c>) or columns (<c>Table.Column</c>) that a refused request may legitimately
    /// write: an audit trail of failures, a failed-attempt counter.
    /// </param>
    public static async Task<IReadOnlyDictionary<string, string>> ComputeAsync(DbContext context, params string[] ignored)
    {
        var tables = context.Model.GetEntityTypes()
            .Select(type => (Schema: type.GetSchema(), Name: type.GetTableName()))
            .Where(table => table.Name is not null && !ignored.Contains(table.Name))
            .Distinct()
            .OrderBy(table => table.Name, StringComparer.Ordinal)
            .ToList();
        var connection = context.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync();
        }

        try
        {
            var digests = new Dictionary<string, string>();
            foreach (var (schema, name) in tables)
            {
                using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                await using var command = connection.CreateCommand();
                command.CommandText = schema is null ? $"SELECT * FROM \"{name}\"" : $"SELECT * FROM \"{schema}\".\"{name}\"";
                await using var reader = await command.ExecuteReaderAsync();
                var skipped = Enumerable.Range(0, reader.FieldCount).Where(column => ignored.Contains($"{name}.{reader.GetName(column)}")).ToHashSet();
                var rows = new List<string>();
                while (await reader.ReadAsync())
                {
                    rows.Add(Row(reader, skipped));
                }

                // Row order is not guaranteed without ORDER BY; the digest must not depend on it.
                rows.Sort(StringComparer.Ordinal);
                foreach (var row in rows)
                {
                    digest.AppendData(Encoding.UTF8.GetBytes(row));
                }

                digests[name!] = Convert.ToHexString(digest.GetHashAndReset());
            }

            return digests;
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    private static string Row(DbDataReader reader, HashSet<int> skipped)
    {
        var row = new StringBuilder();
        for (var column = 0; column < reader.FieldCount; column++)
        {
            if (skipped.Contains(column))
            {
                continue;
            }

            var value = reader.GetValue(column);
            row.Append(value is byte[] bytes ? Convert.ToHexString(bytes) : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture))
                .Append('\u001F');
        }

        return row.Append('\n').ToString();
    }
}
