using System.Globalization;
using System.Text.Json;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.Platform.Outbox;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Detection.Alerts;

/// <summary>
/// Stores one delivery per webhook whose filter takes the alert (the durable outbox), then, once committed, wakes the dispatcher, so
/// the receiver hears of it within moments while the rule that raised it never waits for the network.
/// </summary>
internal sealed class WebhookSink(
    ApplicationDbContext db,
    IOptions<AlertOptions> options,
    [FromKeyedServices(WebhookSink.WakeUpKey)] DispatcherWakeUp dispatcher,
    TimeProvider time) : IAlertSink
{
    public const string WakeUpKey = "alert-webhooks";

    public async Task EnqueueAsync(SecurityAlert alert, CancellationToken cancellationToken)
    {
        var receivers = options.Value.Webhooks.Where(webhook => webhook.Value.Accepts(alert)).Select(webhook => webhook.Key).ToList();
        if (receivers.Count == 0)
        {
            return;
        }

        var body = Body(alert);
        var now = time.GetUtcNow();
        foreach (var sink in receivers)
        {
            db.AlertDeliveries.Add(new AlertDelivery { AlertId = alert.Id, Sink = sink, Body = body, CreatedAt = now, NextAttemptAt = now });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public void Announce(SecurityAlert alert)
    {
        if (options.Value.Webhooks.Values.Any(webhook => webhook.Accepts(alert)))
        {
            dispatcher.Signal();
        }
    }

    /// <summary>The JSON document a receiver gets: <c>id</c> and <c>user</c> only when there are such.</summary>
    public static string Body(SecurityAlert alert)
    {
        var fields = new Dictionary<string, object?>
        {
            ["id"] = alert.Id,
            ["type"] = alert.Type,
            ["severity"] = alert.Severity,
            ["subject"] = alert.Subject,
            ["ip"] = alert.IpAddress,
            ["time"] = alert.RaisedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["reasons"] = JsonSerializer.Deserialize<string[]>(alert.Reasons) ?? [],
        };
        if (alert.UserId is not null)
        {
            fields["user"] = alert.UserId;
        }

        return JsonSerializer.Serialize(fields);
    }
}
