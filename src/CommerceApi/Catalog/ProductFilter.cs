namespace Aict.CommerceApi.Catalog;

/// <summary>The checked form of a product list's query string.</summary>
internal sealed record ProductFilter(int Page, int PageSize, IReadOnlyList<(string Name, string Value)> Attributes, ProductStatus? Status, string? Text)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>Keeps the row offset of a page within an int.</summary>
    public const int MaxPage = 1_000_000;

    public static ProductFilter Parse(int? page, int? pageSize, string[]? attribute, string? status, string? q, out Dictionary<string, string[]> errors)
    {
        errors = [];
        if (page is < 1 or > MaxPage)
        {
            errors["page"] = [$"page is between 1 and {MaxPage}."];
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"pageSize is between 1 and {MaxPageSize}."];
        }

        var attributes = new List<(string, string)>();
        foreach (var pair in attribute ?? [])
        {
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                errors["attribute"] = ["attribute is name:value, for example attribute=colour:red."];
                continue;
            }

            attributes.Add((pair[..colon], pair[(colon + 1)..]));
        }

        ProductStatus? wantedStatus = null;
        if (status is not null)
        {
            if (Enum.TryParse<ProductStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
            {
                wantedStatus = parsed;
            }
            else
            {
                errors["status"] = [$"status is one of {string.Join(", ", Enum.GetNames<ProductStatus>())}."];
            }
        }

        if (q?.Length > 200)
        {
            errors["q"] = ["q has at most 200 characters."];
        }

        // Lower-cased here and in SQL: a case-insensitive name search that means the same on SQLite and PostgreSQL.
        var text = string.IsNullOrWhiteSpace(q) ? null : q.Trim().ToLowerInvariant();
        return new ProductFilter(page ?? 1, pageSize ?? DefaultPageSize, attributes, wantedStatus, text);
    }
}
