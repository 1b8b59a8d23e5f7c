using System.Text.Json;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Aict.IdentityServer.Protocol.Endpoints;

/// <summary>
/// A protocol request whose form body cannot be read — more values, or a longer key or value, than the form limits allow,
/// a body larger than the server accepts, a body that ends early — is the client's mistake. OpenIddict reads the form
/// and lets the exception through, which made every such request to /connect/* a 500. Answered here instead, as RFC 6749
/// §5.2 answers a malformed request: <c>invalid_request</c>, status 400 (or the one Kestrel chose, such as 413), not cached;
/// logged at Debug, since a client that went away mid-body is no failure of the server.
/// </summary>
public sealed partial class UnreadableRequestBodies(RequestDelegate next, ILogger<UnreadableRequestBodies> logger)
{
    public const string Path = "/connect";

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (!context.Response.HasStarted
            && (exception is BadHttpRequestException || (exception is InvalidDataException && context.Request.HasFormContentType)))
        {
            var status = exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
            LogRejected(logger, context.Request.Path, status, exception.Message);
            if (context.RequestAborted.IsCancellationRequested)
            {
                return;
            }

            context.Response.Clear();
            context.Response.StatusCode = status;
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers.Pragma = "no-cache";
            context.Response.ContentType = "application/json;charset=UTF-8";
            await JsonSerializer.SerializeAsync(context.Response.Body, new Dictionary<string, string>
            {
                [Parameters.Error] = Errors.InvalidRequest,
                [Parameters.ErrorDescription] = "The request body could not be read: " + exception.Message,
            }, cancellationToken: context.RequestAborted);
        }
    }

    [LoggerMessage(EventId = 1200, Level = LogLevel.Debug, Message = "A request to {Path} was answered {Status}: its body could not be read ({Reason})")]
    private static partial void LogRejected(ILogger logger, PathString path, int status, string reason);
}
