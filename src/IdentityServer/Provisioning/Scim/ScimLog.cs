namespace Aict.IdentityServer.Provisioning.Scim;

/// <summary>SCIM's security events in the log (event ids 4700–4709).</summary>
internal static partial class ScimLog
{
    [LoggerMessage(EventId = 4700, Level = LogLevel.Warning,
        Message = "SCIM client {ClientId} was refused a change to the administrators' {Kind} {Target} (Scim:ManageAdministratorRole is off)")]
    public static partial void AdministratorChangeRefused(ILogger logger, string clientId, string kind, string target);
}
