using Aict.CommerceApi.Errors;

namespace Aict.CommerceApi.Catalog;

/// <summary>Strong ETags from a product's <see cref="Product.Version"/>, and the If-Match rule its updates follow.</summary>
internal static class ProductETag
{
    public static string For(long version) => $"\"{version}\"";

    /// <summary>Throws 428 when <c>If-Match</c> is missing and it is required, 412 when it names another version.</summary>
    public static void EnsureIfMatch(HttpRequest request, long version, bool required)
    {
        var ifMatch = request.Headers.IfMatch;
        if (ifMatch.Count == 0)
        {
            if (required)
            {
                throw new PreconditionRequiredException("Send If-Match with the product's ETag so a concurrent change is not overwritten.");
            }

            return;
        }

        var current = For(version);
        var tags = ifMatch.SelectMany(value => (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        // Strong comparison (RFC 9110 §13.1.1): a weak tag never matches.
        if (!tags.Any(tag => tag == "*" || tag == current))
        {
            throw new PreconditionFailedException($"The product changed; its current ETag is {current}.");
        }
    }
}
