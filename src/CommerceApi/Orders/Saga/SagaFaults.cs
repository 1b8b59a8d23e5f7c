using System.Collections.Concurrent;

namespace Aict.CommerceApi.Orders.Saga;

/// <summary>
/// Interruptions tests arm to stop the saga at a chosen point, the way a crash or a slow step would;
/// nothing is armed unless a test asks, so in a running service this is inert.
/// </summary>
public sealed class SagaFaults
{
    private readonly ConcurrentDictionary<OrderStatus, int> _halts = new();
    private readonly ConcurrentDictionary<OrderStatus, int> _crashes = new();

    /// <summary>While armed, the saga leaves orders in <paramref name="status"/> where they are.</summary>
    public IDisposable HaltAt(OrderStatus status) => Arm(_halts, status);

    /// <summary>
    /// While armed, the step that would move an order to <paramref name="status"/> does its work
    /// (external calls included) and then dies before committing, as a process killed at that instant.
    /// </summary>
    public IDisposable CrashBeforeCommitting(OrderStatus status) => Arm(_crashes, status);

    internal bool Halts(OrderStatus status) => _halts.GetValueOrDefault(status) > 0;

    internal void ThrowIfCrashing(OrderStatus status)
    {
        if (_crashes.GetValueOrDefault(status) > 0)
        {
            throw new SimulatedCrashException($"Simulated crash before committing {status}.");
        }
    }

    private static Disarm Arm(ConcurrentDictionary<OrderStatus, int> faults, OrderStatus status)
    {
        faults.AddOrUpdate(status, 1, (_, count) => count + 1);
        return new Disarm(() => faults.AddOrUpdate(status, 0, (_, count) => count - 1));
    }

    private sealed class Disarm(Action disarm) : IDisposable
    {
        public void Dispose() => disarm();
    }
}

/// <summary>Thrown by an armed <see cref="SagaFaults.CrashBeforeCommitting"/>.</summary>
public sealed class SimulatedCrashException(string message) : Exception(message);
