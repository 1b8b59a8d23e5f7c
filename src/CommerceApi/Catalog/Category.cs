namespace Aict.CommerceApi.Catalog;

/// <summary>A node of the category tree.</summary>
public sealed class Category
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string Name { get; set; }

    public Guid? ParentId { get; set; }

    public Category? Parent { get; set; }
}
