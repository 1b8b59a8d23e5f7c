using System.Text.Json;
using Aict.IdentityServer.Protocol.Clients;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Aict.IdentityServer.Protocol.Registration;

/// <summary>
/// The JSON body of a registration or update request: at most <see cref="MaxBytes"/>, <c>application/json</c>, one
/// object. Unknown members are ignored (RFC 7591 §2); <c>client_secret</c> is read on its own (RFC 7592 §2.2).
/// </summary>
public sealed record RegistrationBody(ClientMetadata Metadata, string? ClientSecret)
{
    public const int MaxBytes = 64 * 1024;

    private static readonly JsonDocumentOptions s_document = new() { MaxDepth = 16 };

    /// <summary>The body, or the error to answer instead.</summary>
    public static async Task<(RegistrationBody? Body, IResult? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, RegistrationResults.InvalidMetadata("The request must be a JSON object sent as application/json."));
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, RegistrationResults.TooLarge());
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBytes;
        }

        var bytes = await ReadBoundedAsync(request.Body, cancellationToken);
        if (bytes is null)
        {
            return (null, RegistrationResults.TooLarge());
        }

        try
        {
            using var document = JsonDocument.Parse(bytes, s_document);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, RegistrationResults.InvalidMetadata("The request must be a JSON object."));
            }

            var metadata = document.RootElement.Deserialize<ClientMetadata>()!;
            var secret = document.RootElement.TryGetProperty("client_secret", out var value) ? value.GetString() : null;
            return (new RegistrationBody(metadata, secret), null);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
        {
            // Malformed JSON, a member of the wrong type, text that is not valid UTF-16.
            return (null, RegistrationResults.InvalidMetadata("The request is not client metadata: " + FirstLine(exception.Message)));
        }
    }

    private static async Task<byte[]?> ReadBoundedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length <= 200 ? line : line[..200];
    }
}
