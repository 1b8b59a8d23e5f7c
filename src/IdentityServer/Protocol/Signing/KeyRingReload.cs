using Aict.ServiceDefaults.Caching;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using OpenIddict.Validation;

namespace Aict.IdentityServer.Protocol.Signing;

/// <summary>
/// Reloads this instance's key ring when another instance or the <c>keys rotate</c> command changed the stored keys, and
/// hands every reloaded ring to OpenIddict: the JWKS, token validation and signing follow without a restart. OpenIddict's
/// options are built again from their configuration (<see cref="KeyRingServerOptions"/> reads the ring), so a request
/// sees either the old set of keys or the new one, never a list being changed under it.
/// </summary>
internal sealed partial class KeyRingReload(
    IServiceScopeFactory scopes,
    KeyRing ring,
    CacheInvalidation invalidation,
    IOptionsMonitorCache<OpenIddictServerOptions> serverOptions,
    IOptionsMonitorCache<OpenIddictValidationOptions> validationOptions,
    ILogger<KeyRingReload> logger) : IHostedService, IDisposable
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        ring.Reloaded += ForgetOpenIddictOptions;
        invalidation.Subscribe(CacheInvalidation.SigningKeys, changed => _ = ReloadAsync());
        return invalidation.StartListeningAsync();
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        ring.Reloaded -= ForgetOpenIddictOptions;
        return Task.CompletedTask;
    }

    public void Dispose() => _oneAtATime.Dispose();

    public async Task ReloadAsync()
    {
        await _oneAtATime.WaitAsync();
        try
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<KeyStore>().ReloadAsync();
            }

            LogReloaded(logger);
        }
        catch (Exception exception)
        {
            // The ring in use stays; the next change or a restart tries again.
            LogReloadFailed(logger, exception);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private void ForgetOpenIddictOptions()
    {
        // The validation options copy the server's keys when built: the server's go first.
        serverOptions.TryRemove(Options.DefaultName);
        validationOptions.TryRemove(Options.DefaultName);
    }

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Reloaded the token keys: another instance or an operator changed them")]
    private static partial void LogReloaded(ILogger logger);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Error, Message = "Could not reload the token keys; the keys loaded before stay in use")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception);
}
