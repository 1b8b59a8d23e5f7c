using System.Text;

namespace Aict.IdentityServer.Detection.Alerts;

/// <summary>Where alerts go besides the console (the <c>Alerts</c> section): webhooks and the administrators' mailbox.</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    private static readonly TimeSpan[] DefaultRetryDelays =
        [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1)];

    /// <summary>Receivers by name (<c>Alerts:Webhooks:{name}</c>); each alert that passes a receiver's filter is posted to it.</summary>
    public Dictionary<string, WebhookOptions> Webhooks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The wait before each retry of a webhook; after the last one fails the delivery is abandoned. Empty means the defaults
    /// (5 s, 30 s, 2 min, 10 min, 1 h): a non-empty default list would be appended to by the configuration binder.
    /// </summary>
    public List<TimeSpan> RetryDelays { get; set; } = [];

    /// <summary>How often the dispatcher looks for due deliveries besides being woken when an alert is raised.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a receiver may take to answer one delivery.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public EmailAlertOptions Email { get; set; } = new();

    public IReadOnlyList<TimeSpan> EffectiveRetryDelays => RetryDelays.Count > 0 ? RetryDelays : DefaultRetryDelays;
}

/// <summary>One webhook receiver (<c>Alerts:Webhooks:{name}</c>).</summary>
public sealed class WebhookOptions
{
    /// <summary>Shortest secret accepted, in UTF-8 bytes: the HMAC-SHA256 key should be as long as its output.</summary>
    public const int MinimumSecretBytes = 32;

    public Uri? Url { get; set; }

    /// <summary>The HMAC-SHA256 key the receiver checks <c>X-Aict-Signature</c> with; never logged.</summary>
    public string? Secret { get; set; }

    /// <summary>Alerts below this severity are not posted here; null posts every severity.</summary>
    public string? MinimumSeverity { get; set; }

    /// <summary>Only these alert types are posted here; empty posts every type.</summary>
    public List<string> Types { get; set; } = [];

    public bool Accepts(SecurityAlert alert) =>
        AlertSeverityOrder.AtLeast(alert.Severity, MinimumSeverity) && (Types.Count == 0 || Types.Contains(alert.Type, StringComparer.Ordinal));

    internal byte[] SecretBytes => Encoding.UTF8.GetBytes(Secret ?? string.Empty);
}

/// <summary>Alert e-mail to the administrators (<c>Alerts:Email</c>).</summary>
public sealed class EmailAlertOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Alerts below this severity are not mailed.</summary>
    public string MinimumSeverity { get; set; } = AlertSeverities.Medium;

    /// <summary>At most one mail per alert type in this time; the alerts held back meanwhile are counted in the next one.</summary>
    public TimeSpan MailInterval { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>Compares severities by rank.</summary>
public static class AlertSeverityOrder
{
    public static int Rank(string? severity) => severity is null ? -1 : AlertSeverities.All.ToList().IndexOf(severity);

    /// <summary>Whether <paramref name="severity"/> is at or above <paramref name="minimum"/> (any severity when there is no minimum).</summary>
    public static bool AtLeast(string severity, string? minimum) => minimum is null || Rank(severity) >= Rank(minimum);
}
