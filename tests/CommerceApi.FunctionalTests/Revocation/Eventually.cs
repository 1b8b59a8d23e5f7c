using System.Net;

namespace Aict.CommerceApi.FunctionalTests.Revocation;

/// <summary>Bounded polling for conditions that propagate asynchronously (pub/sub, reconnects): no timed assertions.</summary>
internal static class Eventually
{
    public static async Task<HttpResponseMessage> StatusAsync(HttpClient client, string path, HttpStatusCode expected, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var response = await client.GetAsync(path);
            if (response.StatusCode == expected || DateTime.UtcNow > deadline)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(20);
        }
    }

    public static async Task<string> HealthAsync(HttpClient client, string expected, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            using var response = await client.GetAsync("/health");
            var body = await response.Content.ReadAsStringAsync();
            if (body == expected || DateTime.UtcNow > deadline)
            {
                return body;
            }

            await Task.Delay(20);
        }
    }
}
