using System.Text;
using Aict.IdentityServer.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Detection.Alerts;

/// <summary>
/// One webhook delivery round: claims the due deliveries, posts them signed and concurrently, and records each outcome.
/// A claim is a conditional update on the attempt count, so that of several instances reading one due row only one
/// posts that attempt; the claim pushes the next attempt past the request timeout, so a delivery whose sender died is
/// taken up again. Delivery is at least once: a receiver deduplicates by the body's <c>id</c>.
/// </summary>
internal sealed partial class WebhookRound(
    ApplicationDbContext db,
    IHttpClientFactory httpClients,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<WebhookRound> logger)
{
    public const string HttpClientName = "alert-webhooks";

    private const int BatchSize = 50;

    private static readonly TimeSpan ClaimMargin = TimeSpan.FromSeconds(30);

    private AlertOptions Options => options.Value;

    /// <summary>Posts the due deliveries, at most a batch; true when a full batch was due, so more may be waiting.</summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await db.AlertDeliveries.AsNoTracking()
            .Where(d => d.DeliveredAt == null && d.AbandonedAt == null && d.NextAttemptAt <= now)
            .OrderBy(d => d.NextAttemptAt)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        var claimed = new List<(AlertDelivery Delivery, int Attempt, WebhookOptions Webhook)>();
        foreach (var delivery in due)
        {
            if (!Options.Webhooks.TryGetValue(delivery.Sink, out var webhook))
            {
                await FinishAsync(delivery, delivery.Attempts, "webhook no longer configured", cancellationToken);
            }
            else if (await TryClaimAsync(delivery, now, cancellationToken) is { } attempt)
            {
                claimed.Add((delivery, attempt, webhook));
            }
        }

        var outcomes = await Task.WhenAll(claimed.Select(c => PostAsync(c.Delivery, c.Webhook, cancellationToken)));
        for (var i = 0; i < claimed.Count; i++)
        {
            await RecordAsync(claimed[i].Delivery, claimed[i].Attempt, outcomes[i], cancellationToken);
        }

        return due.Count == BatchSize;
    }

    private async Task<int?> TryClaimAsync(AlertDelivery delivery, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var attempt = delivery.Attempts + 1;
        var retryIfSenderDies = now + Options.RequestTimeout + ClaimMargin;
        var updated = await Pending(delivery)
            .Where(d => d.NextAttemptAt <= now && d.Attempts == delivery.Attempts)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Attempts, attempt)
                .SetProperty(d => d.NextAttemptAt, retryIfSenderDies)
                .SetProperty(d => d.LastError, (string?)null), cancellationToken);
        return updated == 1 ? attempt : null;
    }

    /// <summary>Posts the body; null when the receiver answered 2xx, otherwise a short reason (never the secret).</summary>
    private async Task<string?> PostAsync(AlertDelivery delivery, WebhookOptions webhook, CancellationToken cancellationToken)
    {
        var timestamp = WebhookSignature.Timestamp(time.GetUtcNow());
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp);
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(webhook.SecretBytes, timestamp, delivery.Body));
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (HttpRequestException exception)
        {
            return $"{nameof(HttpRequestException)} ({exception.HttpRequestError})";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "timeout";
        }
    }

    private async Task RecordAsync(AlertDelivery delivery, int attempt, string? error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var delays = Options.EffectiveRetryDelays;
        var mine = Pending(delivery).Where(d => d.Attempts == attempt);
        if (error is null)
        {
            await mine.ExecuteUpdateAsync(s => s.SetProperty(d => d.DeliveredAt, now), cancellationToken);
            LogDelivered(logger, delivery.Id, delivery.AlertId, delivery.Sink, attempt);
        }
        else if (attempt > delays.Count)
        {
            await FinishAsync(delivery, attempt, error, cancellationToken);
        }
        else
        {
            var next = now + delays[attempt - 1];
            await mine.ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, next).SetProperty(d => d.LastError, error), cancellationToken);
            LogRetrying(logger, delivery.Id, delivery.Sink, attempt, error, next);
        }
    }

    private async Task FinishAsync(AlertDelivery delivery, int attempts, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await Pending(delivery).Where(d => d.Attempts == attempts)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.AbandonedAt, now).SetProperty(d => d.LastError, reason), cancellationToken);
        LogAbandoned(logger, delivery.Id, delivery.AlertId, delivery.Sink, attempts, reason);
    }

    private IQueryable<AlertDelivery> Pending(AlertDelivery delivery) =>
        db.AlertDeliveries.Where(d => d.Id == delivery.Id && d.DeliveredAt == null && d.AbandonedAt == null);

    [LoggerMessage(EventId = 5300, Level = LogLevel.Information, Message = "Alert delivery {DeliveryId} (alert {AlertId}) delivered to webhook {Webhook} (attempt {Attempt})")]
    private static partial void LogDelivered(ILogger logger, long deliveryId, long alertId, string webhook, int attempt);

    [LoggerMessage(EventId = 5301, Level = LogLevel.Warning, Message = "Alert delivery {DeliveryId} to webhook {Webhook} failed on attempt {Attempt} ({Error}); retrying at {NextAttemptAt:O}")]
    private static partial void LogRetrying(ILogger logger, long deliveryId, string webhook, int attempt, string error, DateTimeOffset nextAttemptAt);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Error, Message = "Alert delivery {DeliveryId} (alert {AlertId}) to webhook {Webhook} abandoned after {Attempts} attempts ({Error})")]
    private static partial void LogAbandoned(ILogger logger, long deliveryId, long alertId, string webhook, int attempts, string error);
}
