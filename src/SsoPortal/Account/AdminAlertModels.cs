using System.Globalization;

namespace Aict.SsoPortal.Account;

/// <summary>The alerts' filters; they combine. <see cref="Acknowledged"/> false lists the alerts still open.</summary>
public sealed record AlertQuery(string? Type, string? Severity, bool? Acknowledged, int Page = 1)
{
    /// <summary>The query string IdentityServer's <c>/api/admin/alerts</c> reads (empty filters left out).</summary>
    public string ToQueryString()
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(Type))
        {
            parts.Add($"type={Uri.EscapeDataString(Type)}");
        }

        if (!string.IsNullOrWhiteSpace(Severity))
        {
            parts.Add($"severity={Uri.EscapeDataString(Severity)}");
        }

        if (Acknowledged is { } acknowledged)
        {
            parts.Add(acknowledged ? "acknowledged=true" : "acknowledged=false");
        }

        if (Page != 1)
        {
            parts.Add("page=" + Page.ToString(CultureInfo.InvariantCulture));
        }

        return string.Join('&', parts);
    }
}

/// <summary>One security alert as the console shows it.</summary>
public sealed record AlertRecord(
    long Id,
    string Type,
    string Severity,
    string? UserId,
    string? Subject,
    string? IpAddress,
    DateTimeOffset RaisedAt,
    IReadOnlyList<string> Reasons,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy);

/// <summary>One page of alerts, newest first.</summary>
public sealed record AlertResults(IReadOnlyList<AlertRecord> Items, int Page, int PageSize, bool HasMore);
