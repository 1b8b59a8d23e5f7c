using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;

namespace Aict.IdentityServer.Provisioning.Scim;

/// <summary>Reads what a SCIM request carries: its JSON body (bounded, attribute names case-insensitive), paging and preconditions.</summary>
internal static class ScimRequest
{
    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = true };
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    /// <summary>The body as a JSON object; 415 for another media type, 413 past <paramref name="maxBytes"/>, 400 <c>invalidSyntax</c> for anything else.</summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, int maxBytes)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !(type.MediaType.Equals(ScimResult.MediaType, StringComparison.OrdinalIgnoreCase)
                 || type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)))
        {
            throw new ScimException(StatusCodes.Status415UnsupportedMediaType, null, "Send the body as application/scim+json or application/json.");
        }

        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            var node = JsonNode.Parse(buffer.ToArray(), NodeOptions, DocumentOptions);
            if (node is not JsonObject body)
            {
                throw Syntax("The body must be a JSON object.");
            }

            // Materialise every object now: two names that differ only in case are refused here, not later.
            Touch(body);
            return body;
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException)
        {
            throw Syntax("The body is not well-formed JSON, or names an attribute twice.");
        }
    }

    public static ScimException Syntax(string detail) => new(StatusCodes.Status400BadRequest, ScimErrorTypes.InvalidSyntax, detail);

    public static ScimException InvalidValue(string detail) => new(StatusCodes.Status400BadRequest, ScimErrorTypes.InvalidValue, detail);

    /// <summary>RFC 7644 §3.4.2.4: <c>startIndex</c> is 1-based (less is taken as 1), <c>count</c> is capped (less than 0 is taken as 0).</summary>
    public static (int StartIndex, int Count) Paging(HttpRequest request, ScimOptions options)
    {
        var startIndex = Integer(request, "startIndex") ?? 1;
        var count = Integer(request, "count") ?? options.DefaultPageSize;
        return (Math.Max(1, startIndex), Math.Clamp(count, 0, options.MaxPageSize));
    }

    /// <summary>Whether an <c>If-Match</c> header, when sent, names the resource's current version (or <c>*</c>).</summary>
    public static bool MatchesIfMatch(HttpRequest request, string etag) =>
        !request.Headers.ContainsKey(HeaderNames.IfMatch) || Names(request, HeaderNames.IfMatch, etag);

    /// <summary>Whether an <c>If-None-Match</c> header names the resource's current version: the client's copy is current.</summary>
    public static bool MatchesIfNoneMatch(HttpRequest request, string etag) =>
        request.Headers.ContainsKey(HeaderNames.IfNoneMatch) && Names(request, HeaderNames.IfNoneMatch, etag);

    public static ScimException PreconditionFailed() =>
        new(StatusCodes.Status412PreconditionFailed, null, "The resource has changed since the version named in If-Match.");

    private static bool Names(HttpRequest request, string header, string etag)
    {
        var current = EntityTagHeaderValue.Parse(etag);
        return EntityTagHeaderValue.TryParseList(request.Headers[header], out var tags)
            && tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: false));
    }

    private static int? Integer(HttpRequest request, string name)
    {
        var value = request.Query[name].ToString();
        if (value.Length == 0)
        {
            return null;
        }

        return int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big)
                ? big < 0 ? int.MinValue : int.MaxValue
                : throw InvalidValue($"{name} must be an integer.");
    }

    private static ScimException TooLarge(int maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, null, $"The request body is larger than {maxBytes} bytes.");

    private static void Touch(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, value) in obj)
                {
                    Touch(value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Touch(item);
                }

                break;
        }
    }
}
