using System.Net;
using System.Net.Http.Json;

namespace Aict.CommerceApi.FunctionalTests.Reservations;

/// <summary>The reservation calls the tests make, with the bodies the API answers.</summary>
internal static class ReservationClient
{
    public static async Task<SlotDto> CreateSlotAsync(this HttpClient partner, int capacity, string name = "Installation")
    {
        var startsAt = DateTimeOffset.UtcNow.AddDays(7);
        using var response = await partner.PostAsJsonAsync("/api/slots",
            new { name = $"{name} {Guid.NewGuid():N}", startsAt, endsAt = startsAt.AddHours(2), capacity });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SlotDto>())!;
    }

    public static Task<HttpResponseMessage> HoldAsync(this HttpClient user, Guid slotId, int places = 1) =>
        user.PostAsJsonAsync($"/api/slots/{slotId}/reservations", new { places });

    public static async Task<ReservationDto> HeldAsync(this HttpClient user, Guid slotId, int places = 1)
    {
        using var response = await user.HoldAsync(slotId, places);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ReservationDto>())!;
    }

    public static Task<HttpResponseMessage> ConfirmAsync(this HttpClient user, Guid reservationId) =>
        user.PostAsync($"/api/reservations/{reservationId}/confirm", content: null);

    public static Task<HttpResponseMessage> CancelAsync(this HttpClient user, Guid reservationId) =>
        user.PostAsync($"/api/reservations/{reservationId}/cancel", content: null);

    public static async Task<SlotDto> SlotAsync(this HttpClient client, Guid slotId) =>
        (await client.GetFromJsonAsync<SlotDto>($"/api/slots/{slotId}"))!;

    public static async Task<ReservationDto> ReservationAsync(this HttpClient client, Guid reservationId) =>
        (await client.GetFromJsonAsync<ReservationDto>($"/api/reservations/{reservationId}"))!;

    public static async Task<ProblemDto> ProblemAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<ProblemDto>())!;
    }
}

internal sealed record SlotDto(Guid Id, string Name, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Capacity, int Available);

internal sealed record ReservationDto(
    Guid Id, Guid SlotId, string CustomerId, int Places, string Status,
    DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? ConfirmedAt, DateTimeOffset? CancelledAt);

internal sealed record ProblemDto(int Status, string? Title, string? Detail, Dictionary<string, string[]>? Errors);
