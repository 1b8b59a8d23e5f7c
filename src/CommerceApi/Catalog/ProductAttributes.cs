namespace Aict.CommerceApi.Catalog;

/// <summary>Checks and applies a product's free-form attributes, sent as a JSON object <c>{ "colour": "red" }</c>.</summary>
internal static class ProductAttributes
{
    private const int MaxCount = 50;

    /// <summary>Problems keyed by the field they belong to, empty when the attributes are fine.</summary>
    public static Dictionary<string, string[]> Validate(IReadOnlyDictionary<string, string>? attributes)
    {
        var errors = new Dictionary<string, string[]>();
        if (attributes is null)
        {
            return errors;
        }

        if (attributes.Count > MaxCount)
        {
            errors["Attributes"] = [$"A product has at most {MaxCount} attributes."];
        }

        foreach (var (name, value) in attributes)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Length > 100 || name.Contains(':', StringComparison.Ordinal))
            {
                errors[$"Attributes.{name}"] = ["An attribute name has 1 to 100 characters and no ':'."];
            }
            else if (value is null || value.Length > 400)
            {
                errors[$"Attributes.{name}"] = ["An attribute value is required and has at most 400 characters."];
            }
        }

        return errors;
    }

    /// <summary>Makes the product's attributes exactly <paramref name="wanted"/>, changing rows in place rather than deleting and re-adding them.</summary>
    public static void Replace(Product product, IReadOnlyDictionary<string, string>? wanted)
    {
        wanted ??= new Dictionary<string, string>();
        product.Attributes.RemoveAll(a => !wanted.ContainsKey(a.Name));
        foreach (var (name, value) in wanted)
        {
            if (product.Attributes.Find(a => a.Name == name) is { } existing)
            {
                existing.Value = value;
            }
            else
            {
                product.Attributes.Add(new ProductAttribute { ProductId = product.Id, Name = name, Value = value });
            }
        }
    }

    public static Dictionary<string, string> ToDictionary(Product product) =>
        product.Attributes.OrderBy(a => a.Name, StringComparer.Ordinal).ToDictionary(a => a.Name, a => a.Value);
}
