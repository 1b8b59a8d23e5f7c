using System.ComponentModel.DataAnnotations;

namespace Aict.CommerceApi.Data;

/// <summary>The <c>Database</c> section: which provider backs the commerce database.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public const string Sqlite = "Sqlite";

    public const string Postgres = "Postgres";

    [RegularExpression("^(Sqlite|Postgres)$", ErrorMessage = "Database:Provider must be 'Sqlite' or 'Postgres'.")]
    public string Provider { get; set; } = Sqlite;

    public bool MigrateOnStart { get; set; } = true;
}
