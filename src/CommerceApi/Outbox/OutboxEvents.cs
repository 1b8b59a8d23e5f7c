using System.Text.Json;
using Aict.CommerceApi.Data;

namespace Aict.CommerceApi.Outbox;

/// <summary>Adds domain events to the outbox of the change being saved, so they commit or roll back with it.</summary>
public static class OutboxEvents
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Queues <paramref name="events"/> in their given order; the caller's SaveChanges writes them.</summary>
    public static void Enqueue(this CommerceDbContext db, DateTimeOffset now, params IReadOnlyList<(string Type, object Payload)> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            // One tick apart: the publisher orders by OccurredAt, so events of one transaction keep their order.
            db.Outbox.Add(new OutboxMessage
            {
                Type = events[i].Type,
                Payload = JsonSerializer.Serialize(events[i].Payload, Json),
                OccurredAt = now.AddTicks(i),
            });
        }
    }
}
