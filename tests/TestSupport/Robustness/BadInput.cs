using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Aict.TestSupport.Robustness;

/// <summary>
/// What a careless or hostile caller sends: malformed, oversized, wrongly typed and unicode-edge values,
/// for form fields, JSON bodies and route values.
/// </summary>
public static class BadInput
{
    /// <summary>Values for one text field or query parameter.</summary>
    public static IReadOnlyList<string> Texts { get; } =
    [
        "",
        " ",
        new string('a', 20_000),
        "\0",
        "a\0b",
        "\uD800",
        "\uDFFFx",
        "\u202Eevil\u202C",
        "e\u0301\u0301\u0301\u0301\u0301",
        "👩‍👩‍👧‍👦",
        "관리자@예시.한국",
        "' OR '1'='1' --",
        "<script>alert(1)</script>",
        "../../../../etc/passwd",
        "%00%ff",
        "{\"$ne\":null}",
        "-1",
        "99999999999999999999999",
        "1e309",
        "NaN",
        "true",
        "null",
        "\r\nSet-Cookie: x=1",
    ];

    /// <summary>
    /// Values for a route parameter (already URL-escaped where they must be). Null characters and invalid
    /// UTF-8 in a path are refused by Kestrel before any endpoint runs, and the test server cannot send them.
    /// </summary>
    public static IReadOnlyList<string> RouteValues { get; } =
    [
        "not-a-guid",
        Guid.NewGuid().ToString(),
        Guid.Empty.ToString(),
        "%20",
        "..%2F..%2Fetc",
        Uri.EscapeDataString("관리자"),
        Uri.EscapeDataString("' OR 1=1 --"),
        new string('9', 2_000),
    ];

    /// <summary>Bodies sent as <c>application/json</c> that no endpoint can take as they are.</summary>
    public static IReadOnlyList<byte[]> MalformedJson { get; } =
    [
        [],
        "{"u8.ToArray(),
        "}"u8.ToArray(),
        "[]"u8.ToArray(),
        "null"u8.ToArray(),
        "123"u8.ToArray(),
        "\"text\""u8.ToArray(),
        "{\"a\":}"u8.ToArray(),
        "{'single':'quotes'}"u8.ToArray(),
        [0xEF, 0xBB, 0xBF, 0x7B, 0xFF, 0xFE, 0x7D],
        [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D],
        Encoding.UTF8.GetBytes(new string('[', 5_000) + new string(']', 5_000)),
        Encoding.UTF8.GetBytes("{\"x\":\"" + new string('x', 2_000_000) + "\"}"),
    ];

    /// <summary>
    /// JSON objects shaped like <paramref name="requestType"/> with one property at a time set to a
    /// value of the wrong kind or an edge value, then every property at once.
    /// </summary>
    public static IEnumerable<string> WrongShapes(Type requestType)
    {
        var names = requestType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.CanWrite || requestType.IsValueType || IsRecordParameter(requestType, property))
            .Select(property => JsonNamingPolicy.CamelCase.ConvertName(property.Name))
            .ToList();
        JsonNode?[] edges =
        [
            null, 0, -1, long.MaxValue, 1.5, true, "", new string('x', 20_000), "\uD800", "👩‍👩‍👧‍👦",
            new JsonArray(1, "two", null), new JsonObject { ["nested"] = new JsonObject { ["deeper"] = 1 } },
            "not-a-guid", "2026-13-45T25:61:61Z",
        ];
        foreach (var name in names)
        {
            foreach (var edge in edges)
            {
                yield return new JsonObject { [name] = edge?.DeepClone() }.ToJsonString();
            }
        }

        foreach (var edge in edges)
        {
            var every = new JsonObject();
            foreach (var name in names)
            {
                every[name] = edge?.DeepClone();
            }

            yield return every.ToJsonString();
        }

        yield return new JsonObject { ["unknownProperty"] = "x" }.ToJsonString();
    }

    private static bool IsRecordParameter(Type type, PropertyInfo property) =>
        type.GetConstructors().Any(constructor => constructor.GetParameters().Any(parameter =>
            string.Equals(parameter.Name, property.Name, StringComparison.OrdinalIgnoreCase)));
}
