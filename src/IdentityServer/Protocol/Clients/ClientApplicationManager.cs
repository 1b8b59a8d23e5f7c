using System.Net;
using Aict.IdentityServer.Protocol.HotPath;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;

namespace Aict.IdentityServer.Protocol.Clients;

/// <summary>
/// OpenIddict's application manager with RFC 8252 §7.3 loopback redirects: a native client
/// registered with <c>http://127.0.0.1/path</c> may use that path on any port, and client secrets
/// checked with PBKDF2 once, then recognised from <see cref="VerifiedClientSecrets"/>; lookups by client id
/// answered from <see cref="ApplicationSnapshots"/> for a short time, and within one request (this manager's scope)
/// from the instance found first, as OpenIddict's own per-request cache does: a grant asks for its client several times.
/// </summary>
public class ClientApplicationManager<TApplication>(
    IOpenIddictApplicationCache<TApplication> cache,
    ILogger<OpenIddictApplicationManager<TApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<TApplication> store,
    VerifiedClientSecrets verifiedSecrets,
    ApplicationSnapshots snapshots)
    : OpenIddictApplicationManager<TApplication>(cache, logger, options, store)
    where TApplication : class
{
    private (string ClientId, TApplication Application)? _found;

    public override async ValueTask<TApplication?> FindByClientIdAsync(string identifier, CancellationToken cancellationToken = default)
    {
        if (_found is var (clientId, found) && string.Equals(clientId, identifier, StringComparison.Ordinal))
        {
            return found;
        }

        var application = snapshots.Find<TApplication>(identifier);
        if (application is null)
        {
            application = await base.FindByClientIdAsync(identifier, cancellationToken);
            if (application is not null)
            {
                snapshots.Remember(identifier, application);
            }
        }

        if (application is not null)
        {
            _found = (identifier, application);
        }

        return application;
    }

    public override async ValueTask UpdateAsync(TApplication application, CancellationToken cancellationToken = default)
    {
        _found = null;
        var tracked = await TrackedAsync(application, cancellationToken);
        await base.UpdateAsync(tracked, cancellationToken);
        snapshots.Forget(await Store.GetClientIdAsync(tracked, cancellationToken));
    }

    public override async ValueTask UpdateAsync(
        TApplication application, OpenIddictApplicationDescriptor descriptor, CancellationToken cancellationToken = default)
    {
        // A descriptor says every column: apply it to the row as stored now, not to a remembered copy that may be older
        // (its concurrency token would make the write fail).
        if (snapshots.IsCopy(application)
            && await Store.FindByIdAsync((await Store.GetIdAsync(application, cancellationToken))!, cancellationToken) is { } stored)
        {
            application = stored;
        }

        await base.UpdateAsync(application, descriptor, cancellationToken);
    }

    public override async ValueTask DeleteAsync(TApplication application, CancellationToken cancellationToken = default)
    {
        _found = null;
        var tracked = await TrackedAsync(application, cancellationToken);
        var clientId = await Store.GetClientIdAsync(tracked, cancellationToken);
        await base.DeleteAsync(tracked, cancellationToken);
        snapshots.Forget(clientId);
    }

    // A write needs the instance this request's EF context tracks: a remembered copy's changes move onto it.
    private async ValueTask<TApplication> TrackedAsync(TApplication application, CancellationToken cancellationToken)
    {
        if (!snapshots.IsCopy(application)
            || await Store.FindByIdAsync((await Store.GetIdAsync(application, cancellationToken))!, cancellationToken) is not { } tracked)
        {
            return application;
        }

        ApplicationSnapshots.CopyColumns(application, tracked);
        return tracked;
    }

    public override async ValueTask<bool> ValidateClientSecretAsync(
        TApplication application, string secret, CancellationToken cancellationToken = default)
    {
        var id = await Store.GetIdAsync(application, cancellationToken);
        var storedHash = await Store.GetClientSecretAsync(application, cancellationToken);
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(storedHash) || string.IsNullOrEmpty(secret)
            || await HasClientTypeAsync(application, OpenIddictConstants.ClientTypes.Public, cancellationToken))
        {
            return await base.ValidateClientSecretAsync(application, secret, cancellationToken);
        }

        if (verifiedSecrets.Contains(id, storedHash, secret))
        {
            return true;
        }

        // A miss (a wrong secret included) pays the full check: nothing about failures is remembered.
        if (!await base.ValidateClientSecretAsync(application, secret, cancellationToken))
        {
            return false;
        }

        verifiedSecrets.Remember(id, storedHash, secret);
        return true;
    }

    public override async ValueTask<bool> ValidateRedirectUriAsync(
        TApplication application, string uri, CancellationToken cancellationToken = default)
    {
        if (await base.ValidateRedirectUriAsync(application, uri, cancellationToken))
        {
            return true;
        }

        if (!IsLoopbackIpRedirect(uri, out var requested)
            || !await HasApplicationTypeAsync(application, OpenIddictConstants.ApplicationTypes.Native, cancellationToken))
        {
            return false;
        }

        foreach (var registered in await Store.GetRedirectUrisAsync(application, cancellationToken))
        {
            if (IsLoopbackIpRedirect(registered, out var candidate) && MatchesIgnoringPort(candidate, requested))
            {
                return true;
            }
        }

        return false;
    }

    // RFC 8252 §8.3: loopback IP literals only; "localhost" can be remapped and is matched exactly.
    private static bool IsLoopbackIpRedirect(string uri, out Uri parsed) =>
        Uri.TryCreate(uri, UriKind.Absolute, out parsed!)
        && parsed.Scheme == Uri.UriSchemeHttp
        && parsed.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
        && IPAddress.IsLoopback(IPAddress.Parse(parsed.Host))
        && string.IsNullOrEmpty(parsed.UserInfo)
        && string.IsNullOrEmpty(parsed.Fragment);

    private static bool MatchesIgnoringPort(Uri registered, Uri requested) =>
        string.Equals(registered.Host, requested.Host, StringComparison.OrdinalIgnoreCase)
        && string.Equals(registered.AbsolutePath, requested.AbsolutePath, StringComparison.Ordinal)
        && string.Equals(registered.Query, requested.Query, StringComparison.Ordinal);
}
