namespace Aict.TestSupport;

/// <summary>Real time plus an offset the tests can move forward, so time-based rules are tested without sleeping.</summary>
public sealed class ShiftableClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
