namespace Aict.IdentityServer.Detection;

/// <summary>
/// Abnormal sign-in detection (the <c>Detection</c> section). Every rule keeps its counters in Redis under
/// <see cref="KeyPrefix"/>, so every instance sees the same picture; each rule's thresholds are in its own subsection.
/// </summary>
public sealed class DetectionOptions
{
    public const string Section = "Detection";

    /// <summary>Off only to measure what detection costs, or where another system does the job: no rule runs then.</summary>
    public bool Enabled { get; set; } = true;

    public string KeyPrefix { get; set; } = "aict:detect:";
}
