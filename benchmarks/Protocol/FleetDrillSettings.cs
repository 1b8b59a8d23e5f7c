using System.Globalization;

namespace Aict.Benchmarks.Protocol;

/// <summary>
/// <c>fleet-drills [--soak-minutes 30] [--staleness-bound 10] [--postgres-outage 15] [--note TEXT] [--output PATH]</c>.
/// </summary>
internal sealed record FleetDrillSettings(double SoakMinutes, TimeSpan StalenessBound, TimeSpan PostgresOutage, string? Note,
    string RepositoryRoot, string Output)
{
    public const string Command = "./benchmarks/Fleet/drills.sh [--soak-minutes 30] [--staleness-bound 10] [--postgres-outage 15] [--note TEXT]";

    public static FleetDrillSettings Parse(string[] args)
    {
        var root = DriverSettings.FindRepositoryRoot();
        var settings = new FleetDrillSettings(30, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15), null, root,
            Path.Combine(root, "benchmarks", "results", "fleet-drills.md"));
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value. Usage: {Command}");
            settings = args[i] switch
            {
                "--soak-minutes" => settings with { SoakMinutes = Positive(value, args[i]) },
                "--staleness-bound" => settings with { StalenessBound = TimeSpan.FromSeconds(Positive(value, args[i])) },
                "--postgres-outage" => settings with { PostgresOutage = TimeSpan.FromSeconds(Positive(value, args[i])) },
                "--note" => settings with { Note = value },
                "--output" => settings with { Output = Path.GetFullPath(value) },
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'. Usage: {Command}"),
            };
            i++;
        }

        return settings;
    }

    private static double Positive(string value, string name) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{name} must be a positive number, not '{value}'.");
}
