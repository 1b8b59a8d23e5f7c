namespace Aict.IdentityServer.Administration.Seeding;

/// <summary>The <c>Seed</c> section.</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>Seed the demo realm (users, clients with literal secrets). Development only.</summary>
    public bool Demo { get; set; }
}
