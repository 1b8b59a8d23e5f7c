namespace Aict.SsoPortal.Sessions;

/// <summary>The portal session can no longer call the account API (refresh refused, 401): the user must sign in again.</summary>
public sealed class PortalSessionEndedException(string message) : Exception(message);
