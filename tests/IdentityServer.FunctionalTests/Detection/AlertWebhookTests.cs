using Aict.IdentityServer.Detection.Alerts;

namespace Aict.IdentityServer.FunctionalTests.Detection;

/// <summary>Alerts posted to webhooks: signed, within seconds, retried from the outbox, filtered per receiver.</summary>
[Collection(AlertsOnSqlite.Name)]
public sealed class AlertWebhookTests(AlertServer server)
{
    [Fact]
    public async Task An_alert_reaches_the_webhook_within_seconds_with_a_signature_the_receiver_can_verify()
    {
        var userId = Guid.NewGuid().ToString();
        var alert = await server.RaiseAsync(SecurityAlertTypes.BruteForce, AlertSeverities.Medium, userId, "alice@example.com");

        var received = Assert.Single(await Eventually.MatchAsync(() => Task.FromResult(server.All.Of(alert.Id)), r => r.Count > 0, "the webhook", seconds: 5));

        Assert.True(received.IsSignedWith(AlertServer.Secret));
        Assert.False(received.IsSignedWith(AlertServer.Secret + "-high"));
        Assert.InRange(long.Parse(received.Timestamp, System.Globalization.CultureInfo.InvariantCulture),
            server.Factory.Clock.GetUtcNow().ToUnixTimeSeconds() - 60, server.Factory.Clock.GetUtcNow().ToUnixTimeSeconds() + 1);
        Assert.Equal("application/json", received.ContentType?.Split(';')[0]);
        var body = received.Body;
        Assert.Equal(("brute_force", "medium", "alice@example.com", "203.0.113.9", userId),
            (body.GetProperty("type").GetString(), body.GetProperty("severity").GetString(), body.GetProperty("subject").GetString(),
                body.GetProperty("ip").GetString(), body.GetProperty("user").GetString()));
        Assert.Equal(["raised by a test", "second reason"], body.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$", body.GetProperty("time").GetString());
        Assert.Equal(alert.RaisedAt.ToUnixTimeSeconds(), body.GetProperty("time").GetDateTimeOffset().ToUnixTimeSeconds());
    }

    [Fact]
    public async Task A_body_without_a_user_has_no_user_field()
    {
        var alert = await server.RaiseAsync(SecurityAlertTypes.CredentialStuffing, AlertSeverities.High, subject: "192.0.2.0/24");

        var received = (await Eventually.MatchAsync(() => Task.FromResult(server.All.Of(alert.Id)), r => r.Count > 0, "the webhook", seconds: 5))[0];

        Assert.False(received.Body.TryGetProperty("user", out _));
        Assert.Equal(alert.Id, received.Body.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task A_receiver_that_answers_500_gets_retries_from_the_outbox_until_the_delivery_succeeds()
    {
        var alert = await server.RaiseAsync(SecurityAlertTypes.NewDevice, AlertSeverities.Low, Guid.NewGuid().ToString());

        var delivery = await Eventually.MatchAsync(async () => (await server.DeliveriesAsync(alert.Id)).Single(d => d.Sink == "flaky"),
            d => d.DeliveredAt is not null, "the flaky receiver's delivery", seconds: 10);

        Assert.Equal(3, delivery.Attempts);
        Assert.Null(delivery.AbandonedAt);
        var received = server.Flaky.Of(alert.Id);
        Assert.Equal(3, received.Count);
        Assert.All(received, r => Assert.True(r.IsSignedWith(AlertServer.Secret)));
        Assert.Single(received.Select(r => r.RawBody).Distinct());
    }

    [Fact]
    public async Task Each_webhook_gets_only_the_severities_and_types_it_asked_for()
    {
        var low = await server.RaiseAsync(SecurityAlertTypes.ImpossibleTravel, AlertSeverities.Low, Guid.NewGuid().ToString());
        var high = await server.RaiseAsync(SecurityAlertTypes.PasswordSpray, AlertSeverities.High);

        Assert.Equal(["all"], (await server.DeliveriesAsync(low.Id)).Select(d => d.Sink));
        Assert.Equal(["all", "high"], (await server.DeliveriesAsync(high.Id)).Select(d => d.Sink));
        var reached = await Eventually.MatchAsync(() => Task.FromResult(server.HighOnly.Of(high.Id)), r => r.Count > 0, "the high-only receiver", seconds: 5);
        Assert.True(reached[0].IsSignedWith(AlertServer.Secret + "-high"));
        await Eventually.MatchAsync(() => Task.FromResult(server.All.Of(low.Id)), r => r.Count > 0, "the low alert at the catch-all receiver", seconds: 5);
        Assert.Empty(server.HighOnly.Of(low.Id));
    }
}
