using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Detection.Alerts;

/// <summary>
/// Refuses to start with a webhook that could leak alerts or accept forged ones: a URL that is not absolute http(s)
/// (https only outside Development, where alerts cross networks), a secret shorter than 32 bytes, an unknown severity or type.
/// Each message names the key to fix, never the secret.
/// </summary>
internal sealed class AlertOptionsValidation(bool development) : IValidateOptions<AlertOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        var failures = new List<string>();
        foreach (var (webhook, settings) in options.Webhooks)
        {
            var key = $"{AlertOptions.Section}:Webhooks:{webhook}";
            if (settings.Url is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && (url.Scheme != Uri.UriSchemeHttp || !development)))
            {
                failures.Add($"{key}:Url must be an absolute {(development ? "http or https" : "https")} URL.");
            }

            if (settings.SecretBytes.Length < WebhookOptions.MinimumSecretBytes)
            {
                failures.Add($"{key}:Secret must be at least {WebhookOptions.MinimumSecretBytes} bytes: the receiver checks each delivery's signature with it.");
            }

            if (settings.MinimumSeverity is { } severity && !AlertSeverities.All.Contains(severity))
            {
                failures.Add($"{key}:MinimumSeverity must be one of {string.Join(", ", AlertSeverities.All)}.");
            }

            if (settings.Types.Except(SecurityAlertTypes.All).FirstOrDefault() is { } unknown)
            {
                failures.Add($"{key}:Types names '{unknown}', which is not an alert type ({string.Join(", ", SecurityAlertTypes.All)}).");
            }
        }

        if (!AlertSeverities.All.Contains(options.Email.MinimumSeverity))
        {
            failures.Add($"{AlertOptions.Section}:Email:MinimumSeverity must be one of {string.Join(", ", AlertSeverities.All)}.");
        }

        if (options.Email.MailInterval <= TimeSpan.Zero || options.PollInterval <= TimeSpan.Zero || options.RequestTimeout <= TimeSpan.Zero
            || options.RetryDelays.Any(delay => delay <= TimeSpan.Zero))
        {
            failures.Add($"{AlertOptions.Section}:Email:MailInterval, :PollInterval, :RequestTimeout and :RetryDelays must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
