using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Aict.Deploy.Tests.Manifests;

/// <summary>YAML files read as plain trees: mappings, sequences and scalar strings, with anchors and merge keys resolved.</summary>
public static class YamlDocuments
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

    /// <summary>Every document of the file; throws (naming the file and position) when it is not valid YAML.</summary>
    public static IReadOnlyList<YamlMap> Load(string path)
    {
        using var reader = File.OpenText(path);
        var parser = new MergingParser(new Parser(reader));
        parser.Consume<StreamStart>();
        var documents = new List<YamlMap>();
        while (parser.Accept<DocumentStart>(out _))
        {
            if (Deserializer.Deserialize(parser) is { } document)
            {
                documents.Add(new YamlMap((Dictionary<object, object?>)document));
            }
        }

        return documents;
    }
}

/// <summary>A YAML mapping with typed look-ups by path.</summary>
public sealed class YamlMap(Dictionary<object, object?> values)
{
    public IEnumerable<string> Keys => values.Keys.Select(key => key.ToString()!);

    public string? Text(string key) => values.TryGetValue(key, out var value) ? value?.ToString() : null;

    public YamlMap? Map(string key) =>
        values.TryGetValue(key, out var value) && value is Dictionary<object, object?> map ? new YamlMap(map) : null;

    public IReadOnlyList<object?> List(string key) =>
        values.TryGetValue(key, out var value) && value is List<object?> list ? list : [];

    public IEnumerable<YamlMap> Maps(string key) => List(key).OfType<Dictionary<object, object?>>().Select(map => new YamlMap(map));

    /// <summary>A path of mapping keys, such as <c>spec.template.spec</c>.</summary>
    public YamlMap? At(string path) => path.Split('.').Aggregate<string, YamlMap?>(this, (map, key) => map?.Map(key));

    /// <summary>The mapping's scalar entries as strings.</summary>
    public Dictionary<string, string> Strings() => values
        .Where(entry => entry.Value is not (Dictionary<object, object?> or List<object?>))
        .ToDictionary(entry => entry.Key.ToString()!, entry => entry.Value?.ToString() ?? string.Empty);
}
