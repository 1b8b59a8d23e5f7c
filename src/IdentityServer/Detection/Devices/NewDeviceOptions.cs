using System.ComponentModel.DataAnnotations;

namespace Aict.IdentityServer.Detection.Devices;

/// <summary>The new-device rule (the <c>Detection:NewDevice</c> section).</summary>
public sealed class NewDeviceOptions
{
    public const string Section = "Detection:NewDevice";

    public bool Enabled { get; set; } = true;

    /// <summary>How long a device or network stays known after the user last signed in from it.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00", ErrorMessage = "Detection:NewDevice:RememberFor must be between 1 and 3650 days.")]
    public TimeSpan RememberFor { get; set; } = TimeSpan.FromDays(365);

    /// <summary>How many devices, and how many networks, are remembered per user; the least recently used go first.</summary>
    [Range(1, 1000, ErrorMessage = "Detection:NewDevice:Remembered must be between 1 and 1000.")]
    public int Remembered { get; set; } = 20;

    /// <summary>How long the "this was not me" link of the new-sign-in e-mail works.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "30.00:00:00", ErrorMessage = "Detection:NewDevice:SecureLinkLifetime must be between 1 hour and 30 days.")]
    public TimeSpan SecureLinkLifetime { get; set; } = TimeSpan.FromDays(7);
}
