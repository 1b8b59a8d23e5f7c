using System.Net;

namespace Aict.IdentityServer.Detection.Alerts;

/// <summary>
/// An alert a rule wants raised. With a <see cref="DedupKey"/>, the same key raises one alert per <see cref="DedupWindow"/>
/// on all instances together, however often the rule fires in that time.
/// </summary>
public sealed record SecurityAlertDraft(
    string Type,
    string Severity,
    IReadOnlyList<string> Reasons,
    string? UserId = null,
    string? Subject = null,
    IPAddress? Address = null,
    string? DedupKey = null,
    TimeSpan? DedupWindow = null);
