using Xunit;

namespace Aict.TestSupport;

/// <summary>Bounded polling for what background work does (dispatchers, mailers, other hosts): no fixed sleeps, no timed assertions.</summary>
public static class Eventually
{
    public static async Task<T> MatchAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Still waiting after {seconds} s for {what}.");
            await Task.Delay(20);
        }
    }
}
