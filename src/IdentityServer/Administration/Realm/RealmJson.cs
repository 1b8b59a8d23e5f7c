using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Aict.IdentityServer.Administration.Realm;

/// <summary>Something wrong in a realm file, at its JSON path (<c>$.clients[2].redirect_uris</c>).</summary>
public sealed record RealmProblem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>Reads and writes realm files: strict on the way in (unknown members are errors), stable on the way out.</summary>
internal static class RealmJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        // A file for operators, never embedded in a page: names in Korean stay readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NewLine = "\n",
    };

    private static readonly string[] Sections = ["version", "scopes", "roles", "clients", "users"];

    public static string Write(RealmDocument document) => JsonSerializer.Serialize(document, Options) + "\n";

    /// <summary>
    /// The document, with every item that could be read; each one that could not is a problem at its path,
    /// so that one run names every mistake in the file.
    /// </summary>
    public static RealmDocument? Read(string json, List<RealmProblem> problems)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException error)
        {
            problems.Add(new("$", $"not valid JSON (line {error.LineNumber + 1}, byte {error.BytePositionInLine + 1})."));
            return null;
        }

        if (root is not JsonObject realm)
        {
            problems.Add(new("$", "a realm file is a JSON object."));
            return null;
        }

        foreach (var (name, _) in realm)
        {
            if (!Sections.Contains(name, StringComparer.Ordinal))
            {
                problems.Add(new($"$.{name}", $"unknown member; a realm file has {string.Join(", ", Sections)}."));
            }
        }

        if (realm["version"] is not JsonValue version || !version.TryGetValue<int>(out var number) || number != RealmDocument.CurrentVersion)
        {
            problems.Add(new("$.version", $"must be {RealmDocument.CurrentVersion}: this server reads realm files of version {RealmDocument.CurrentVersion}."));
        }

        return new RealmDocument
        {
            Scopes = Items<RealmScope>(realm, "scopes", problems),
            Roles = Items<string>(realm, "roles", problems),
            Clients = Items<RealmClient>(realm, "clients", problems),
            Users = Items<RealmUser>(realm, "users", problems),
        };
    }

    private static List<T> Items<T>(JsonObject realm, string section, List<RealmProblem> problems)
    {
        var items = new List<T>();
        switch (realm[section])
        {
            case null:
                return items;
            case JsonArray array:
                for (var index = 0; index < array.Count; index++)
                {
                    var path = $"$.{section}[{index}]";
                    try
                    {
                        items.Add(array[index].Deserialize<T>(Options) ?? throw new JsonException("must not be null."));
                    }
                    catch (JsonException error)
                    {
                        problems.Add(new(path + (error.Path is { Length: > 1 } inner ? inner[1..] : string.Empty), Reason(error)));
                    }
                }

                return items;
            default:
                problems.Add(new($"$.{section}", "must be an array."));
                return items;
        }
    }

    // System.Text.Json's messages name .NET types and paths; the path is already in front, the type is noise to an operator.
    private static string Reason(JsonException error) =>
        error.Message.StartsWith("The JSON property", StringComparison.Ordinal) ? "unknown member."
        : error.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal) ? "wrong type of value."
        : error.Message;
}
