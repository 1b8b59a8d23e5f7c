using Aict.SsoPortal.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Aict.SsoPortal.Sessions;

/// <summary>The refresh-token grant at IdentityServer's token endpoint, with the OIDC handler's configuration and back channel.</summary>
public sealed partial class TokenRefresher(
    IOptionsMonitor<OpenIdConnectOptions> oidcOptions, TimeProvider time, ILogger<TokenRefresher> logger)
{
    /// <summary>The new tokens, or null when IdentityServer refuses the refresh token (<c>invalid_grant</c>): the session is over.</summary>
    public async Task<RefreshedTokens?> RefreshAsync(string? refreshToken, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(refreshToken))
        {
            return null;
        }

        var oidc = oidcOptions.Get(OpenIdConnectDefaults.AuthenticationScheme);
        var configuration = await oidc.ConfigurationManager!.GetConfigurationAsync(cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, configuration.TokenEndpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refreshToken,
                ["client_id"] = oidc.ClientId!,
                ["client_secret"] = oidc.ClientSecret!,
            }),
        };
        using var response = await oidc.Backchannel.SendAsync(request, cancellationToken);
        var message = new OpenIdConnectMessage(await response.Content.ReadAsStringAsync(cancellationToken));
        if (response.IsSuccessStatusCode && !string.IsNullOrEmpty(message.AccessToken))
        {
            var lifetime = int.TryParse(message.ExpiresIn, out var seconds) ? TimeSpan.FromSeconds(seconds) : TimeSpan.Zero;
            return new RefreshedTokens(message.AccessToken, message.RefreshToken ?? refreshToken, message.IdToken, time.GetUtcNow() + lifetime);
        }

        if (message.Error == "invalid_grant")
        {
            LogRefused(logger, message.Error);
            return null;
        }

        LogFailed(logger, (int)response.StatusCode, message.Error);
        throw new HttpRequestException($"IdentityServer's token endpoint answered {(int)response.StatusCode} to a refresh.");
    }

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "IdentityServer refused a refresh token: {Error}.")]
    private static partial void LogRefused(ILogger logger, string error);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "A token refresh failed with status {StatusCode} ({Error}).")]
    private static partial void LogFailed(ILogger logger, int statusCode, string? error);
}

/// <summary>What a refresh returned; the refresh token is the rotated one.</summary>
public sealed record RefreshedTokens(string AccessToken, string RefreshToken, string? IdToken, DateTimeOffset ExpiresAt);
