namespace Aict.CommerceApi.Catalog;

public sealed class Review
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid ProductId { get; init; }

    /// <summary>The reviewer's subject identifier.</summary>
    public required string AuthorId { get; init; }

    public int Rating { get; init; }

    public string? Title { get; init; }

    public string Body { get; init; } = string.Empty;

    public DateTimeOffset CreatedAt { get; init; }
}
