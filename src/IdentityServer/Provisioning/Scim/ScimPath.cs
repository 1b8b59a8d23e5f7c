namespace Aict.IdentityServer.Provisioning.Scim;

/// <summary>
/// A PATCH path (RFC 7644 §3.5.2): <c>attribute</c>, <c>attribute.sub</c>, <c>attribute[filter]</c> or
/// <c>attribute[filter].sub</c>, optionally behind the resource's schema URN. Names are kept as sent; compare them case-insensitively.
/// </summary>
public sealed record ScimPath(string Attribute, string? SubAttribute, ScimComparison? Filter)
{
    /// <summary>An attribute of another schema (an extension such as the enterprise user's): not one this server stores.</summary>
    public bool IsExtension => Attribute.StartsWith("urn:", StringComparison.OrdinalIgnoreCase);

    public bool Is(string attribute) => Attribute.Equals(attribute, StringComparison.OrdinalIgnoreCase);

    public bool HasSub(string subAttribute) => SubAttribute?.Equals(subAttribute, StringComparison.OrdinalIgnoreCase) == true;

    public override string ToString() => SubAttribute is null ? Attribute : $"{Attribute}.{SubAttribute}";

    public static ScimPath Parse(string path, string schema)
    {
        var text = WithoutSchema(path.Trim(), schema);
        if (text.Length == 0 || text.Length > 512)
        {
            throw Invalid("The path is empty or too long.");
        }

        ScimComparison? filter = null;
        var open = text.IndexOf('[', StringComparison.Ordinal);
        string head;
        string? tail;
        if (open >= 0)
        {
            var close = text.LastIndexOf(']');
            if (close < open)
            {
                throw Invalid($"'{path}' has an unclosed value filter.");
            }

            var comparisons = ScimFilter.Parse(text[(open + 1)..close], schema);
            filter = comparisons.Count == 1 ? comparisons[0] : throw Invalid("A value filter in a path may hold one comparison.");
            head = text[..open];
            tail = text[(close + 1)..] switch
            {
                "" => null,
                ['.', .. var sub] when sub.Length > 0 => sub,
                _ => throw Invalid($"'{path}' is not a valid path."),
            };
        }
        else if (!text.StartsWith("urn:", StringComparison.OrdinalIgnoreCase) && text.Split('.') is [var attribute, var sub])
        {
            head = attribute;
            tail = sub;
        }
        else
        {
            head = text;
            tail = null;
        }

        if (head.Length == 0 || tail?.Length == 0 || tail?.Contains('.', StringComparison.Ordinal) == true
            || (!head.StartsWith("urn:", StringComparison.OrdinalIgnoreCase) && head.Contains('.', StringComparison.Ordinal)))
        {
            throw Invalid($"'{path}' is not a valid path.");
        }

        return new ScimPath(head, tail, filter);
    }

    /// <summary>The attribute name without the resource's own schema URN in front (<c>urn:…:User:userName</c> is <c>userName</c>).</summary>
    public static string WithoutSchema(string attribute, string schema) =>
        attribute.Length > schema.Length + 1 && attribute.StartsWith(schema + ":", StringComparison.OrdinalIgnoreCase)
            ? attribute[(schema.Length + 1)..]
            : attribute;

    public static ScimException Invalid(string detail) => new(StatusCodes.Status400BadRequest, ScimErrorTypes.InvalidPath, detail);
}
