using System.ComponentModel.DataAnnotations;

namespace Aict.IdentityServer.Data;

/// <summary>The <c>Database</c> section: which provider backs the identity database.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (the default, a local file) or <c>Postgres</c>.</summary>
    [Required]
    [RegularExpression("^(Sqlite|Postgres)$", ErrorMessage = "Database:Provider must be 'Sqlite' or 'Postgres'.")]
    public string Provider { get; set; } = DatabaseProviders.Sqlite;

    /// <summary>Apply pending migrations at start-up (the default); otherwise run <c>migrate</c> yourself.</summary>
    public bool MigrateOnStart { get; set; } = true;
}

public static class DatabaseProviders
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";
}
