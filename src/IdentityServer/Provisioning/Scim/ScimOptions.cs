namespace Aict.IdentityServer.Provisioning.Scim;

/// <summary>The <c>Scim</c> section: paging limits, the request size limit, and whether provisioning may touch administrators.</summary>
public sealed class ScimOptions
{
    public const string Section = "Scim";

    /// <summary>
    /// Whether a provisioning client may change the <c>admin</c> role (its members, its name, deleting it) and the accounts of
    /// administrators. Off by default: a provisioning client must not be able to mint administrators or take one over.
    /// </summary>
    public bool ManageAdministratorRole { get; set; }

    /// <summary>Resources in a list answer when the client sends no <c>count</c>.</summary>
    public int DefaultPageSize { get; set; } = 100;

    /// <summary>The most resources one list answer holds, whatever <c>count</c> asks for.</summary>
    public int MaxPageSize { get; set; } = 200;

    /// <summary>The largest request body read; larger ones get 413.</summary>
    public int MaxRequestBytes { get; set; } = 256 * 1024;
}
