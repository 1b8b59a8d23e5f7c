using Aict.ServiceDefaults.Caching;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace Aict.CommerceApi.Security;

/// <summary>
/// Reads IdentityServer's JWKS again as soon as it says its keys changed: a retired key stops validating tokens (and
/// tokens remembered by <see cref="ValidatedTokens"/> with it) without waiting for the metadata's automatic refresh.
/// </summary>
internal sealed class SigningKeyChanges(CacheInvalidation invalidation, IOptionsMonitor<JwtBearerOptions> bearer) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        invalidation.Subscribe(CacheInvalidation.SigningKeys, _ => bearer.Get(JwtBearerDefaults.AuthenticationScheme).ConfigurationManager?.RequestRefresh());
        return invalidation.StartListeningAsync();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
