namespace Aict.IdentityServer;

/// <summary>Marker for the hosted pages' texts in <c>Resources/SharedResource*.resx</c> (English and Korean).</summary>
public sealed class SharedResource;
