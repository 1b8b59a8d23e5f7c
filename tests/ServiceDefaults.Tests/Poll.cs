namespace Aict.ServiceDefaults.Tests;

/// <summary>Bounded polling: pub/sub, reconnects and background copies are asynchronous.</summary>
internal static class Poll
{
    /// <summary>Waits up to 30 s for <paramref name="condition"/>; false when it never held.</summary>
    public static async Task<bool> UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }
}
