using System.Text.Json;
using System.Text.Json.Nodes;

namespace Aict.IdentityServer.Provisioning.Scim;

/// <summary>One <c>attribute eq value</c> comparison of a filter; the attribute without its core schema prefix.</summary>
public sealed record ScimComparison(string Attribute, JsonNode? Value);

/// <summary>
/// The filters provisioning clients send (RFC 7644 §3.4.2.2): equality comparisons joined by <c>and</c>.
/// Other operators, <c>or</c>, <c>not</c> and grouping are refused with <c>invalidFilter</c> rather than half understood.
/// </summary>
public static class ScimFilter
{
    private const int MaxLength = 2048;

    public static IReadOnlyList<ScimComparison> Parse(string filter, string schema)
    {
        if (filter.Length > MaxLength)
        {
            throw Invalid($"A filter may have at most {MaxLength} characters.");
        }

        var comparisons = new List<ScimComparison>();
        var position = 0;
        while (true)
        {
            var attribute = Word(filter, ref position) ?? throw Invalid("Expected an attribute name.");
            var op = Word(filter, ref position) ?? throw Invalid($"Expected an operator after {attribute}.");
            if (!op.Equals("eq", StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid($"Only the eq operator is supported, not '{op}'.");
            }

            comparisons.Add(new ScimComparison(ScimPath.WithoutSchema(attribute, schema), Value(filter, ref position)));
            SkipSpaces(filter, ref position);
            if (position == filter.Length)
            {
                return comparisons;
            }

            var join = Word(filter, ref position);
            if (!"and".Equals(join, StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid("Comparisons may only be joined with 'and'.");
            }
        }
    }

    /// <summary>The comparison's value as a string, for attributes compared as text.</summary>
    public static string Text(ScimComparison comparison) =>
        comparison.Value is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw Invalid($"{comparison.Attribute} is compared with a string.");

    /// <summary>The comparison's value as a boolean (<c>true</c>, <c>false</c>, or the same as a string).</summary>
    public static bool Boolean(ScimComparison comparison) =>
        ScimValues.AsBoolean(comparison.Value) ?? throw Invalid($"{comparison.Attribute} is compared with true or false.");

    public static ScimException Invalid(string detail) => new(StatusCodes.Status400BadRequest, ScimErrorTypes.InvalidFilter, detail);

    private static string? Word(string text, ref int position)
    {
        SkipSpaces(text, ref position);
        var start = position;
        while (position < text.Length && !char.IsWhiteSpace(text[position]) && text[position] is not ('(' or ')' or '"'))
        {
            position++;
        }

        return position > start ? text[start..position] : null;
    }

    private static JsonNode? Value(string text, ref int position)
    {
        SkipSpaces(text, ref position);
        if (position < text.Length && text[position] == '"')
        {
            var end = position + 1;
            while (end < text.Length && text[end] != '"')
            {
                end += text[end] == '\\' ? 2 : 1;
            }

            if (end >= text.Length)
            {
                throw Invalid("A string value is not closed.");
            }

            try
            {
                var value = JsonNode.Parse(text[position..(end + 1)]);
                position = end + 1;
                return value;
            }
            catch (JsonException)
            {
                throw Invalid("A string value is not a valid JSON string.");
            }
        }

        var word = Word(text, ref position) ?? throw Invalid("Expected a value.");
        return word.ToLowerInvariant() switch
        {
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            "null" => null,
            _ => throw Invalid($"'{word}' is not a value: quote strings."),
        };
    }

    private static void SkipSpaces(string text, ref int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
    }
}
