namespace Aict.Gateway.Pinning;

/// <summary>
/// <c>Gateway:Pinning</c>: lets a test choose the instance that serves a request (<see cref="DestinationPinning.HeaderName"/>),
/// to prove that state started on one instance finishes on another. Development only.
/// </summary>
public sealed class PinningOptions
{
    public const string Section = "Gateway:Pinning";

    public bool Enabled { get; set; }
}
