using System.ComponentModel.DataAnnotations;

namespace Aict.IdentityServer.SignIn.Mfa.Sms;

/// <summary>SMS one-time codes and their delivery (the <c>Sms</c> section).</summary>
public sealed class SmsOptions
{
    public const string Section = "Sms";

    /// <summary>Outbox in Development (never the network); Twilio everywhere else.</summary>
    public SmsProvider? Provider { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Sms:CodeLifetime must be between 1 second and 1 hour.")]
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    [Range(1, 1000, ErrorMessage = "Sms:SendsPerUser must be between 1 and 1000.")]
    public int SendsPerUser { get; set; } = 5;

    [Range(1, 1000, ErrorMessage = "Sms:SendsPerNumber must be between 1 and 1000.")]
    public int SendsPerNumber { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Sms:SendWindow must be between 1 second and 1 day.")]
    public TimeSpan SendWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Wrong guesses that kill a code.</summary>
    [Range(1, 100, ErrorMessage = "Sms:MaxAttempts must be between 1 and 100.")]
    public int MaxAttempts { get; set; } = 5;

    [Required(ErrorMessage = "Sms:KeyPrefix is required: the Redis key prefix of SMS codes and send counters.")]
    public string KeyPrefix { get; set; } = "aict:sms:";

    /// <summary>
    /// Base64 of at least 32 random bytes: the HMAC key of the stored code hashes, the same on every instance.
    /// Required outside Development; a secret, not in appsettings.
    /// </summary>
    public string? CodeHashKey { get; set; }

    public TwilioOptions Twilio { get; set; } = new();
}

public enum SmsProvider
{
    /// <summary>The Development outbox at <c>/dev/outbox</c>; refused outside Development.</summary>
    Outbox,

    /// <summary>Twilio's Messages API through the Twilio SDK.</summary>
    Twilio,
}

/// <summary>The Twilio account that sends SMS (the <c>Sms:Twilio</c> section).</summary>
public sealed class TwilioOptions
{
    public string? AccountSid { get; set; }

    public string? AuthToken { get; set; }

    /// <summary>The sender number in E.164; or set <see cref="MessagingServiceSid"/>.</summary>
    public string? From { get; set; }

    public string? MessagingServiceSid { get; set; }

    /// <summary>Where the SDK's requests go instead of https://api.twilio.com (a local fake in tests); null in production.</summary>
    public Uri? BaseUrl { get; set; }
}
