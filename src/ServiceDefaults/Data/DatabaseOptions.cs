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

    /// <summary>The <c>Retry-After</c> of the 503 answered while the database is unreachable (whole seconds, rounded up).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "Database:UnavailableRetryAfter must be between 1 second and 5 minutes.")]
    public TimeSpan UnavailableRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the readiness check (<c>/health</c>) waits for the database to answer before it reports it unhealthy.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "Database:HealthCheckTimeout must be between 100 ms and 1 minute.")]
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(3);
}
