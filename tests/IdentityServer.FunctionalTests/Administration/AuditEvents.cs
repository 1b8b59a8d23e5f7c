using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Platform.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.Administration;

/// <summary>Audit events written straight to the trail, at known instants, for tests of searching and paging.</summary>
internal static class AuditEvents
{
    /// <summary><paramref name="count"/> events for the user, a minute apart from <paramref name="start"/> (a day ago by default).</summary>
    public static async Task AddAsync(IdentityServerFactory factory, string userId, int count, string type = "signed_in", string? clientId = null,
        DateTimeOffset? start = null, string? userAgent = null)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var first = start ?? DateTimeOffset.UtcNow.AddDays(-1);
        for (var i = 0; i < count; i++)
        {
            db.AuditEvents.Add(new AuditEvent
            {
                UserId = userId, Type = type, ClientId = clientId, OccurredAt = first.AddMinutes(i), UserAgent = userAgent, IpAddress = "192.0.2.7",
            });
        }

        await db.SaveChangesAsync();
    }
}
