using System.Globalization;
using System.Text.RegularExpressions;
using Xunit;

namespace Aict.TestSupport;

/// <summary>One read of a service's <c>/metrics</c> (Prometheus text): the samples by name and labels.</summary>
public sealed partial class Scrape
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _samples = [];

    private Scrape(string text)
    {
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#') || Sample().Match(line) is not { Success: true } match)
            {
                continue;
            }

            var labels = Label().Matches(match.Groups["labels"].Value).ToDictionary(l => l.Groups["key"].Value, l => l.Groups["value"].Value);
            _samples.Add((match.Groups["name"].Value, labels, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }
    }

    public string Text { get; private init; } = string.Empty;

    /// <summary>Reads <c>/metrics</c> with <paramref name="client"/>; fails unless it answers 200.</summary>
    public static async Task<Scrape> ReadAsync(HttpClient client, string path = "/metrics")
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        return new Scrape(text) { Text = text };
    }

    /// <summary>The sum of the samples named <paramref name="name"/> whose labels include every one given (<c>key=value</c>); 0 when none.</summary>
    public double Value(string name, params string[] labels)
    {
        var wanted = labels.Select(l => l.Split('=', 2)).ToList();
        return _samples.Where(s => s.Name == name && wanted.All(w => s.Labels.GetValueOrDefault(w[0]) == w[1])).Sum(s => s.Value);
    }

    public bool Has(string name) => _samples.Any(s => s.Name == name);

    public IEnumerable<string> Names => _samples.Select(s => s.Name).Distinct();

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>[^\s]+)""")]
    private static partial Regex Sample();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}
