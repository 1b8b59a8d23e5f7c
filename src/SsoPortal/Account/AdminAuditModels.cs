using System.Globalization;

namespace Aict.SsoPortal.Account;

/// <summary>The audit log's filters; they combine, <see cref="From"/> is inclusive and <see cref="To"/> exclusive.</summary>
public sealed record AuditQuery(string? User, string? Actor, string? Client, string? Type, DateTimeOffset? From, DateTimeOffset? To, int Page = 1)
{
    /// <summary>The query string IdentityServer's <c>/api/admin/audit</c> reads (empty filters left out).</summary>
    public string ToQueryString(string? format = null)
    {
        var parts = new List<string>();
        Add("format", format);
        Add("user", User);
        Add("actor", Actor);
        Add("client", Client);
        Add("type", Type);
        Add("from", From?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        Add("to", To?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        if (format is null && Page != 1)
        {
            Add("page", Page.ToString(CultureInfo.InvariantCulture));
        }

        return string.Join('&', parts);

        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parts.Add($"{name}={Uri.EscapeDataString(value.Trim())}");
            }
        }
    }
}

/// <summary>One audit event, with the e-mails of its user and actor while their accounts exist.</summary>
public sealed record AuditRecord(
    long Id,
    string Type,
    DateTimeOffset OccurredAt,
    string? UserId,
    string? UserEmail,
    string? ActorId,
    string? ActorEmail,
    string? ClientId,
    string? SessionId,
    string? IpAddress,
    string? UserAgent);

/// <summary>One page of audit events, newest first.</summary>
public sealed record AuditResults(IReadOnlyList<AuditRecord> Items, int Page, int PageSize, bool HasMore);

/// <summary>An export IdentityServer is streaming: pass <see cref="Content"/> on to the browser, then dispose.</summary>
public sealed class AuditDownload(HttpResponseMessage response) : IDisposable
{
    public string ContentType => response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream";

    public string? FileName => response.Content.Headers.ContentDisposition?.FileName?.Trim('"');

    public Task<Stream> OpenAsync(CancellationToken cancellationToken) => response.Content.ReadAsStreamAsync(cancellationToken);

    public void Dispose() => response.Dispose();
}
