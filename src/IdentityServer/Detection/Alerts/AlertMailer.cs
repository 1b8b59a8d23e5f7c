using System.Globalization;
using System.Text.Json;
using Aict.IdentityServer.Administration.Admin;
using Aict.IdentityServer.Administration.Notices;
using Aict.IdentityServer.Platform.Email;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aict.IdentityServer.Detection.Alerts;

/// <summary>
/// Mails queued alerts to every administrator with a confirmed address, each in their own language. At most one mail
/// per alert type per <c>Alerts:Email:MailInterval</c> across the fleet (a Redis key), so an attack does not flood the
/// administrators: the alerts held back meanwhile are counted in the next mail of that type, and all are in the console.
/// </summary>
internal sealed partial class AlertMailer(
    AlertMailQueue queue,
    IServiceScopeFactory scopes,
    IEmailDelivery email,
    IConnectionMultiplexer redis,
    IStringLocalizer<SharedResource> text,
    IOptions<AlertOptions> options,
    IOptions<DetectionOptions> detection,
    ILogger<AlertMailer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var alert in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                if (await HeldBackSinceAsync(alert) is { } heldBack)
                {
                    await SendAsync(alert, heldBack, stoppingToken);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // One failed mail (a relay outage) must not stop the alerts after it.
                LogFailed(logger, alert.Id, exception);
            }
        }
    }

    /// <summary>How many alerts of this type were held back since the last mail; null when this one is held back too.</summary>
    private async Task<long?> HeldBackSinceAsync(SecurityAlert alert)
    {
        var key = $"{detection.Value.KeyPrefix}alert-mail:{alert.Type}";
        try
        {
            var database = redis.GetDatabase();
            if (!await database.StringSetAsync(key, 1, options.Value.Email.MailInterval, When.NotExists))
            {
                await database.StringIncrementAsync(key + ":held");
                LogHeldBack(logger, alert.Id, alert.Type);
                return null;
            }

            return (long?)await database.StringGetDeleteAsync(key + ":held") ?? 0;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // Without the shared limit a mail per alert is better than none.
            LogLimitUnavailable(logger, exception);
            return 0;
        }
    }

    private async Task SendAsync(SecurityAlert alert, long heldBack, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var administrators = (await users.GetUsersInRoleAsync(AdminApi.Role))
            .Where(user => user is { EmailConfirmed: true, Email: not null, Disabled: false })
            .ToList();
        foreach (var administrator in administrators)
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = AccountLanguage.CultureOf(administrator.Locale) ?? CultureInfo.InvariantCulture;
            var reasons = string.Join(", ", JsonSerializer.Deserialize<string[]>(alert.Reasons) ?? []);
            var when = alert.RaisedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
            var body = text["AlertMailBody", alert.Type, alert.Severity, alert.Subject ?? "-", alert.IpAddress ?? "-", when, reasons].Value;
            if (heldBack > 0)
            {
                body += "\n\n" + text["AlertMailHeldBack", heldBack].Value;
            }

            await email.SendAsync(new EmailMessage(administrator.Email!, text["AlertMailSubject", alert.Type, alert.Severity], body), cancellationToken);
        }

        LogSent(logger, alert.Id, administrators.Count);
    }

    [LoggerMessage(EventId = 5311, Level = LogLevel.Information, Message = "Alert {AlertId} mailed to {Administrators} administrators")]
    private static partial void LogSent(ILogger logger, long alertId, int administrators);

    [LoggerMessage(EventId = 5312, Level = LogLevel.Information, Message = "Alert {AlertId} not mailed: a {AlertType} alert was mailed moments ago; the next mail counts it")]
    private static partial void LogHeldBack(ILogger logger, long alertId, string alertType);

    [LoggerMessage(EventId = 5313, Level = LogLevel.Error, Message = "Could not mail alert {AlertId}")]
    private static partial void LogFailed(ILogger logger, long alertId, Exception exception);

    [LoggerMessage(EventId = 5314, Level = LogLevel.Error, Message = "Redis is unreachable: alerts are mailed without the per-type limit")]
    private static partial void LogLimitUnavailable(ILogger logger, Exception exception);
}
