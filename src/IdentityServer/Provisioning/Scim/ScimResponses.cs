using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Diagnostics;

namespace Aict.IdentityServer.Provisioning.Scim;

/// <summary>A refusal with its SCIM error (RFC 7644 §3.12): thrown where the request is read, answered by the group's filter.</summary>
public sealed class ScimException(int status, string? scimType, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public string? ScimType { get; } = scimType;
}

/// <summary>The <c>scimType</c> values of RFC 7644 §3.12 that this server answers with.</summary>
public static class ScimErrorTypes
{
    public const string InvalidFilter = "invalidFilter";
    public const string InvalidSyntax = "invalidSyntax";
    public const string InvalidPath = "invalidPath";
    public const string InvalidValue = "invalidValue";
    public const string NoTarget = "noTarget";
    public const string Mutability = "mutability";
    public const string Uniqueness = "uniqueness";
    public const string TooMany = "tooMany";
}

/// <summary>A SCIM answer: <c>application/scim+json</c>, with its <c>ETag</c> and <c>Location</c> when it has them.</summary>
public sealed class ScimResult(int status, JsonNode? body, string? etag = null, Uri? location = null) : IResult
{
    public const string MediaType = "application/scim+json";

    public int Status => status;

    public JsonNode? Body => body;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = status;
        if (etag is not null)
        {
            response.Headers.ETag = etag;
        }

        if (location is not null)
        {
            response.Headers.Location = location.AbsoluteUri;
        }

        if (body is null)
        {
            return;
        }

        response.ContentType = MediaType + "; charset=utf-8";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(body.ToJsonString(Options)), httpContext.RequestAborted);
    }

    public static ScimResult Error(int status, string? scimType, string detail)
    {
        var error = new JsonObject
        {
            ["schemas"] = new JsonArray(ScimSchemas.Error),
            ["status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (scimType is not null)
        {
            error["scimType"] = scimType;
        }

        error["detail"] = detail;
        return new ScimResult(status, error);
    }

    private static readonly JsonSerializerOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}

/// <summary>What every SCIM failure looks like, including those answered before an endpoint runs.</summary>
internal static class ScimErrors
{
    /// <summary>A bodiless 4xx/5xx under <c>/scim</c> (no route, wrong method, no or wrong token) gets a SCIM error body.</summary>
    public static Task WriteStatusAsync(StatusCodeContext context)
    {
        var status = context.HttpContext.Response.StatusCode;
        var detail = status switch
        {
            StatusCodes.Status401Unauthorized => "A bearer access token with the scim scope is required.",
            StatusCodes.Status403Forbidden => "The access token does not allow SCIM provisioning (scope and audience scim).",
            StatusCodes.Status404NotFound => "No such SCIM resource or endpoint.",
            StatusCodes.Status405MethodNotAllowed => "This endpoint does not support the method.",
            StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
            StatusCodes.Status415UnsupportedMediaType => "Send application/scim+json or application/json.",
            StatusCodes.Status429TooManyRequests => "Too many requests; try again later.",
            _ => "The request could not be answered.",
        };
        return ScimResult.Error(status, null, detail).ExecuteAsync(context.HttpContext);
    }

    /// <summary>Turns refusals thrown while reading or applying a request into their SCIM error.</summary>
    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ScimException refusal)
        {
            return ScimResult.Error(refusal.Status, refusal.ScimType, refusal.Message);
        }
        catch (BadHttpRequestException bad)
        {
            return ScimResult.Error(bad.StatusCode, bad.StatusCode == 400 ? ScimErrorTypes.InvalidSyntax : null, "The request could not be read.");
        }
    }
}
