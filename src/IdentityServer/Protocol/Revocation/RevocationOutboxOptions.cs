using System.ComponentModel.DataAnnotations;

namespace Aict.IdentityServer.Protocol.Revocation;

/// <summary>The <c>RevocationOutbox</c> section: how revocations that Redis did not take are retried.</summary>
public sealed class RevocationOutboxOptions
{
    public const string Section = "RevocationOutbox";

    /// <summary>How often the relay looks for due entries; it is also woken at once when Redis reconnects.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00", ErrorMessage = "RevocationOutbox:PollInterval must be between 50 ms and 10 minutes.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between two attempts of one entry; the wait doubles from the poll interval up to this.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00", ErrorMessage = "RevocationOutbox:MaxRetryDelay must be between 50 ms and 1 hour.")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>At most this many entries are written per round.</summary>
    [Range(1, 10_000, ErrorMessage = "RevocationOutbox:BatchSize must be between 1 and 10000.")]
    public int BatchSize { get; set; } = 200;

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1 after <paramref name="attempt"/> failed.</summary>
    public TimeSpan RetryDelay(int attempt) =>
        TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, PollInterval.Ticks * (1L << Math.Clamp(attempt - 1, 0, 20))));
}
