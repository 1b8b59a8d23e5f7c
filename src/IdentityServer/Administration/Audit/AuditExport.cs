using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Aict.IdentityServer.Administration.Audit;

/// <summary>
/// Writes audit events as CSV (RFC 4180, with a header) or JSON lines (one object per line), row by row as the
/// database yields them. CSV cells that a spreadsheet would run as a formula are defused with a leading quote.
/// </summary>
public static class AuditExport
{
    public const string Csv = "csv";
    public const string JsonLines = "jsonl";

    private static readonly string[] s_columns =
        ["id", "occurred_at", "type", "user_id", "user_email", "actor_id", "actor_email", "client_id", "session_id", "ip_address", "user_agent"];

    private static readonly JsonSerializerOptions s_json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static bool IsFormat(string? format) => format is Csv or JsonLines;

    public static string ContentType(string format) => format == Csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";

    public static async Task WriteAsync(string format, IAsyncEnumerable<AuditEntry> entries, Stream body, CancellationToken cancellationToken)
    {
        // CSV starts with a byte order mark: spreadsheet programs then read Korean text as UTF-8.
        await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: format == Csv), 16 * 1024, leaveOpen: true);
        if (format == Csv)
        {
            await writer.WriteAsync(string.Join(',', s_columns) + "\r\n");
        }

        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            await writer.WriteAsync(format == Csv ? CsvLine(entry) : JsonSerializer.Serialize(entry, s_json) + "\n");
        }

        await writer.FlushAsync(cancellationToken);
    }

    internal static string CsvLine(AuditEntry e) =>
        string.Join(',',
            e.Id.ToString(CultureInfo.InvariantCulture),
            e.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            Cell(e.Type), Cell(e.UserId), Cell(e.UserEmail), Cell(e.ActorId), Cell(e.ActorEmail), Cell(e.ClientId), Cell(e.SessionId),
            Cell(e.IpAddress), Cell(e.UserAgent)) + "\r\n";

    /// <summary>
    /// One text cell: a value a spreadsheet would take for a formula (starting with <c>= + - @</c>, a tab or a
    /// carriage return) gets a leading single quote; a value with a comma, quote or line break is quoted.
    /// </summary>
    internal static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
