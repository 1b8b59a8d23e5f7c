namespace Aict.SsoPortal;

/// <summary>Marker for the portal's texts in <c>Resources/SharedResource*.resx</c> (English and Korean).</summary>
public sealed class SharedResource;
