using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Aict.IdentityServer.FunctionalTests.Detection;

/// <summary>
/// An alert webhook receiver on a real loopback port (Kestrel): records every request, answers 500 to the first
/// <c>failFirst</c>, and checks signatures as a receiver should (HMAC-SHA256 of timestamp, dot, body; constant-time compare).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly WebApplication _app;
    private int _failuresLeft;

    private WebhookReceiver(int failFirst)
    {
        _failuresLeft = failFirst;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(WebhookReceiver).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapPost("/alerts", ReceiveAsync);
    }

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    public static async Task<WebhookReceiver> StartAsync(int failFirst = 0)
    {
        var receiver = new WebhookReceiver(failFirst);
        await receiver._app.StartAsync();
        receiver.Url = new Uri(new Uri(receiver._app.Urls.Single()), "/alerts");
        return receiver;
    }

    /// <summary>The deliveries of one alert, by the <c>id</c> in their bodies.</summary>
    public IReadOnlyList<ReceivedWebhook> Of(long alertId) => [.. Received.Where(r => r.Body.GetProperty("id").GetInt64() == alertId)];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var raw = await reader.ReadToEndAsync();
        _received.Enqueue(new ReceivedWebhook(
            request.ContentType, request.Headers["X-Aict-Timestamp"].ToString(), request.Headers["X-Aict-Signature"].ToString(), raw,
            JsonDocument.Parse(raw).RootElement.Clone()));
        return Interlocked.Decrement(ref _failuresLeft) >= 0 ? Results.StatusCode(StatusCodes.Status500InternalServerError) : Results.NoContent();
    }
}

/// <summary>One POST the receiver got.</summary>
public sealed record ReceivedWebhook(string? ContentType, string Timestamp, string Signature, string RawBody, JsonElement Body)
{
    /// <summary>What a receiver does: recompute the HMAC over the timestamp and the raw body, compare in constant time.</summary>
    public bool IsSignedWith(string secret)
    {
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(Timestamp + "." + RawBody)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(Signature));
    }
}
