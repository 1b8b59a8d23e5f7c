namespace Aict.IdentityServer.Detection.Alerts;

/// <summary>
/// Which alerts the console lists, from the query string; filters combine. <see cref="From"/> is inclusive and
/// <see cref="To"/> exclusive, as in the audit search.
/// </summary>
public sealed class AlertFilter
{
    public const int PageSize = 50;
    public const int MaxPage = 100_000;

    public string? Type { get; set; }

    public string? Severity { get; set; }

    /// <summary>True for acknowledged alerts only, false for those still open.</summary>
    public bool? Acknowledged { get; set; }

    public DateTimeOffset? From { get; set; }

    public DateTimeOffset? To { get; set; }

    /// <summary>1 for the newest <see cref="PageSize"/> alerts.</summary>
    public int? Page { get; set; }

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Type is { Length: > 0 } && !SecurityAlertTypes.All.Contains(Type))
        {
            errors[nameof(Type)] = [$"The type must be one of {string.Join(", ", SecurityAlertTypes.All)}."];
        }

        if (Severity is { Length: > 0 } && !AlertSeverities.All.Contains(Severity))
        {
            errors[nameof(Severity)] = [$"The severity must be one of {string.Join(", ", AlertSeverities.All)}."];
        }

        if (From >= To)
        {
            errors[nameof(To)] = ["The end of the time range must be after its start."];
        }

        if (Page is < 1 or > MaxPage)
        {
            errors[nameof(Page)] = [$"The page must be between 1 and {MaxPage}."];
        }

        return errors;
    }
}

/// <summary>An alert as the console shows it; <see cref="Reasons"/> is the rule's list of reasons.</summary>
public sealed record AlertView(
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

/// <summary>One page of alerts, newest first; <see cref="HasMore"/> says whether an older page exists.</summary>
public sealed record AlertPage(IReadOnlyList<AlertView> Items, int Page, int PageSize, bool HasMore);
