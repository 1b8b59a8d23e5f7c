using System.Net;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.Protocol;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aict.IdentityServer.Sessions.BackchannelLogout;

/// <summary>
/// One delivery round: claims the due notices, sends them concurrently, and records each outcome.
/// A claim is a conditional update on the attempt count, so that of several instances reading the same due
/// row only one sends that attempt; the claim pushes the next attempt past the request timeout, so that a
/// notice whose sender died is picked up again. Delivery is still at least once (a client that answered
/// after the timeout is sent the notice again), which §2.6 allows: clients detect replays by <c>jti</c>.
/// </summary>
internal sealed partial class LogoutNoticeRound(
    ApplicationDbContext db,
    LogoutRegistrations registrations,
    LogoutTokens tokens,
    IOptions<ServerOptions> server,
    IHttpClientFactory httpClients,
    IOptions<BackchannelLogoutOptions> options,
    TimeProvider time,
    ILogger<LogoutNoticeRound> logger)
{
    public const string HttpClientName = "backchannel-logout";

    private static readonly TimeSpan ClaimMargin = TimeSpan.FromSeconds(30);

    private BackchannelLogoutOptions Options => options.Value;

    /// <summary>Sends the due notices, at most a batch; true when a full batch was due, so more may be waiting.</summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await db.BackchannelLogoutDeliveries.AsNoTracking()
            .Where(d => d.DeliveredAt == null && d.AbandonedAt == null && d.NextAttemptAt <= now)
            .OrderBy(d => d.NextAttemptAt)
            .Take(Options.BatchSize)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return false;
        }

        var claimed = new List<(BackchannelLogoutDelivery Delivery, int Attempt, Uri LogoutUri)>();
        foreach (var delivery in due)
        {
            if (await registrations.FindAsync(delivery.ClientId, cancellationToken) is not { } registration)
            {
                await GiveUpAsync(delivery, "client has no back-channel logout URI", cancellationToken);
            }
            else if (await TryClaimAsync(delivery, now, cancellationToken) is { } attempt)
            {
                claimed.Add((delivery, attempt, registration.LogoutUri));
            }
        }

        var outcomes = await Task.WhenAll(claimed.Select(c => SendAsync(server.Value.Issuer!, c.Delivery, c.LogoutUri, cancellationToken)));
        for (var i = 0; i < claimed.Count; i++)
        {
            await RecordAsync(claimed[i].Delivery, claimed[i].Attempt, outcomes[i], cancellationToken);
        }

        return due.Count == Options.BatchSize;
    }

    private async Task<int?> TryClaimAsync(BackchannelLogoutDelivery delivery, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var attempt = delivery.Attempts + 1;
        var retryIfSenderDies = now + Options.RequestTimeout + ClaimMargin;
        var updated = await Pending(delivery)
            .Where(d => d.NextAttemptAt <= now)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Attempts, attempt)
                .SetProperty(d => d.NextAttemptAt, retryIfSenderDies)
                // LastError describes attempt number Attempts: empty while it runs.
                .SetProperty(d => d.LastError, (string?)null), cancellationToken);
        return updated == 1 ? attempt : null;
    }

    /// <summary>Posts the notice; null when the client acknowledged it, otherwise a short reason (never the token).</summary>
    private async Task<string?> SendAsync(Uri issuerUri, BackchannelLogoutDelivery delivery, Uri logoutUri, CancellationToken cancellationToken)
    {
        try
        {
            using var content = new FormUrlEncodedContent([KeyValuePair.Create("logout_token", tokens.Create(issuerUri, delivery))]);
            using var response = await httpClients.CreateClient(HttpClientName).PostAsync(logoutUri, content, cancellationToken);
            return response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NoContent ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (HttpRequestException exception) when (exception.InnerException is PrivateAddressException)
        {
            return "host resolves to a private address";
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

    private async Task RecordAsync(BackchannelLogoutDelivery delivery, int attempt, string? error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var delays = Options.EffectiveRetryDelays;
        var mine = Pending(delivery).Where(d => d.Attempts == attempt);
        if (error is null)
        {
            await mine.ExecuteUpdateAsync(s => s.SetProperty(d => d.DeliveredAt, now), cancellationToken);
            LogDelivered(logger, delivery.Id, delivery.ClientId, delivery.SessionId, attempt);
        }
        else if (attempt > delays.Count)
        {
            await mine.ExecuteUpdateAsync(s => s.SetProperty(d => d.AbandonedAt, now).SetProperty(d => d.LastError, error), cancellationToken);
            LogAbandoned(logger, delivery.Id, delivery.ClientId, delivery.SessionId, attempt, error);
        }
        else
        {
            var next = now + delays[attempt - 1];
            await mine.ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, next).SetProperty(d => d.LastError, error), cancellationToken);
            LogRetrying(logger, delivery.Id, delivery.ClientId, attempt, error, next);
        }
    }

    private async Task GiveUpAsync(BackchannelLogoutDelivery delivery, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await Pending(delivery).Where(d => d.Attempts == delivery.Attempts)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.AbandonedAt, now).SetProperty(d => d.LastError, reason), cancellationToken);
        LogAbandoned(logger, delivery.Id, delivery.ClientId, delivery.SessionId, delivery.Attempts, reason);
    }

    private IQueryable<BackchannelLogoutDelivery> Pending(BackchannelLogoutDelivery delivery) =>
        db.BackchannelLogoutDeliveries.Where(d => d.Id == delivery.Id && d.DeliveredAt == null && d.AbandonedAt == null);

    [LoggerMessage(EventId = 2200, Level = LogLevel.Information, Message = "Back-channel logout notice {DeliveryId} delivered to {ClientId} for session {SessionId} (attempt {Attempt})")]
    private static partial void LogDelivered(ILogger logger, long deliveryId, string clientId, string sessionId, int attempt);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "Back-channel logout notice {DeliveryId} to {ClientId} failed on attempt {Attempt} ({Error}); retrying at {NextAttemptAt:O}")]
    private static partial void LogRetrying(ILogger logger, long deliveryId, string clientId, int attempt, string error, DateTimeOffset nextAttemptAt);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Error, Message = "Back-channel logout notice {DeliveryId} to {ClientId} for session {SessionId} abandoned after {Attempts} attempts ({Error})")]
    private static partial void LogAbandoned(ILogger logger, long deliveryId, string clientId, string sessionId, int attempts, string error);
}
