using System.ComponentModel.DataAnnotations;

namespace Aict.ServiceDefaults.Data;

/// <summary>The <c>Database</c> section every service shares: which provider backs its database.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public const string Sqlite = "Sqlite";

    public const string Postgres = "Postgres";

    /// <summary><c>Sqlite</c> (the default, a local file) or <c>Postgres</c>.</summary>
    [RegularExpression("^(Sqlite|Postgres)$", ErrorMessage = "Database:Provider must be 'Sqlite' or 'Postgres'.")]
    public string Provider { get; set; } = Sqlite;

    /// <summary>Apply pending migrations at start-up (the default); otherwise run them yourself.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>How often a SQLite database's write-ahead log is emptied (see <see cref="SqliteWalCheckpoints"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Database:WalCheckpointInterval must be between 1 second and 1 day.")]
    public TimeSpan WalCheckpointInterval { get; set; } = TimeSpan.FromSeconds(30);
}
