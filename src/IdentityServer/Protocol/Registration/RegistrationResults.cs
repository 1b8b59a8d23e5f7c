using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Aict.IdentityServer.Protocol.Clients;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.Protocol.Registration;

/// <summary>
/// The registration endpoints' answers: RFC 7591 §3.2.2 errors (<c>{error, error_description}</c>, 400), RFC 6750
/// <c>invalid_token</c> challenges (401), and client information responses, never cached.
/// </summary>
internal static class RegistrationResults
{
    private static readonly JsonSerializerOptions s_metadata = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>One answer for a missing, unknown, expired, revoked or spent token, or one for another client.</summary>
    public static IResult InvalidToken() => new Answer(StatusCodes.Status401Unauthorized, Error(Errors.InvalidToken,
        "The bearer token is missing, not valid, or no longer usable here."), "Bearer error=\"invalid_token\"");

    public static IResult Problem(ClientMetadataProblem problem) =>
        new Answer(StatusCodes.Status400BadRequest, Error(problem.Error, problem.Description));

    public static IResult InvalidMetadata(string description) =>
        Problem(new ClientMetadataProblem(ClientMetadataProblem.InvalidClientMetadata, description));

    public static IResult TooLarge() => new Answer(StatusCodes.Status413PayloadTooLarge, Error(ClientMetadataProblem.InvalidClientMetadata,
        $"The request is larger than {RegistrationBody.MaxBytes} bytes."));

    /// <summary>The client information response (RFC 7591 §3.2.1, RFC 7592 §3): the metadata and the registration's own fields.</summary>
    public static IResult ClientInformation(int status, ClientMetadata metadata, IEnumerable<KeyValuePair<string, JsonNode?>> fields)
    {
        var body = JsonSerializer.SerializeToNode(metadata, s_metadata)!.AsObject();
        foreach (var (name, value) in fields)
        {
            body[name] = value;
        }

        return new Answer(status, body);
    }

    private static JsonObject Error(string error, string description) =>
        new() { [Parameters.Error] = error, [Parameters.ErrorDescription] = description };

    private sealed class Answer(int status, JsonObject body, string? challenge = null) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.Headers.CacheControl = "no-store";
            response.Headers.Pragma = "no-cache";
            if (challenge is not null)
            {
                response.Headers.WWWAuthenticate = challenge;
            }

            response.ContentType = "application/json;charset=UTF-8";
            await response.WriteAsync(body.ToJsonString(), httpContext.RequestAborted);
        }
    }
}
