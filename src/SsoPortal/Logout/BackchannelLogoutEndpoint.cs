using Aict.SsoPortal.Sessions;

namespace Aict.SsoPortal.Logout;

/// <summary>IdentityServer's back-channel logout notices end the portal sessions of the IdentityServer session they name.</summary>
internal static partial class BackchannelLogoutEndpoint
{
    public const string Path = "/backchannel-logout";

    public static IEndpointRouteBuilder MapBackchannelLogout(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, ReceiveAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ReceiveAsync(
        HttpContext context, LogoutTokenValidator validator, RedisTicketStore tickets, ILogger<LogoutTokenValidator> logger)
    {
        // §2.8: the response, success or failure, must not be cached.
        context.Response.Headers.CacheControl = "no-store";
        IFormCollection? form;
        try
        {
            form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
        }
        catch (InvalidDataException)
        {
            // A body that is not a readable form (null characters, a value over the form limits) holds no token.
            LogRefused(logger, "unreadable form body");
            return Results.BadRequest();
        }

        var (sid, refusal) = await validator.ValidateAsync(form?["logout_token"].ToString(), context.RequestAborted);
        if (sid is null)
        {
            LogRefused(logger, refusal);
            return Results.BadRequest();
        }

        var ended = await tickets.RemoveSessionAsync(sid);
        LogEnded(logger, ended);
        return Results.Ok();
    }

    [LoggerMessage(EventId = 2020, Level = LogLevel.Warning, Message = "A back-channel logout token was refused: {Reason}.")]
    private static partial void LogRefused(ILogger logger, string? reason);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Information, Message = "A back-channel logout ended {Count} portal session(s).")]
    private static partial void LogEnded(ILogger logger, int count);
}
