namespace Aict.IdentityServer.Protocol.Registration;

/// <summary>What dynamic client registration logs: registrations, updates and deletions (never a token or secret).</summary>
internal sealed partial class RegistrationLog(ILogger<RegistrationLog> logger)
{
    public void Registered(string clientId, string initialAccessTokenId) => LogRegistered(logger, clientId, initialAccessTokenId);

    public void Updated(string clientId) => LogUpdated(logger, clientId);

    public void Deleted(string clientId) => LogDeleted(logger, clientId);

    [LoggerMessage(EventId = 4630, Level = LogLevel.Information,
        Message = "Client {ClientId} registered itself with initial access token {InitialAccessTokenId}")]
    private static partial void LogRegistered(ILogger logger, string clientId, string initialAccessTokenId);

    [LoggerMessage(EventId = 4631, Level = LogLevel.Information, Message = "Client {ClientId} updated its registration")]
    private static partial void LogUpdated(ILogger logger, string clientId);

    [LoggerMessage(EventId = 4632, Level = LogLevel.Information, Message = "Client {ClientId} deleted its registration")]
    private static partial void LogDeleted(ILogger logger, string clientId);
}
