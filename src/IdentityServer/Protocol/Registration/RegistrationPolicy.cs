using Aict.IdentityServer.Protocol.Clients;
using Aict.IdentityServer.Sessions.BackchannelLogout;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using static Aict.IdentityServer.Protocol.Clients.ClientMetadata;

namespace Aict.IdentityServer.Protocol.Registration;

/// <summary>
/// What a dynamically registered client may be: the server's scopes (less <c>account</c>, which only the portal may
/// ask for), its grants, this environment's logout URI rule, and the bounds of the initial access token it came with.
/// </summary>
public sealed class RegistrationPolicy(
    IOptionsMonitor<OpenIddictServerOptions> server, IHostEnvironment environment, IOptions<BackchannelLogoutOptions> logout)
{
    /// <summary>Scopes an initial access token may allow.</summary>
    public IReadOnlySet<string> RegistrableScopes =>
        server.CurrentValue.Scopes.Where(scope => scope != ScopeCatalog.Account).ToHashSet(StringComparer.Ordinal);

    /// <summary>Grant types an initial access token may allow.</summary>
    public static IReadOnlySet<string> RegistrableGrantTypes => GrantTypeNames.Supported;

    public ClientMetadataPolicy Bounded(IReadOnlySet<string> allowedScopes, IReadOnlySet<string> allowedGrantTypes) =>
        new(server.CurrentValue.Scopes, LogoutUriRule.For(environment, logout.Value), allowedScopes, allowedGrantTypes);

    /// <summary>
    /// The rules a client registering itself passes besides <see cref="ClientMetadataRules"/>: it is third-party, so it
    /// cannot skip the consent screen.
    /// </summary>
    public static ClientMetadataProblem? CheckSelfRegistered(ClientMetadata metadata) =>
        metadata.ConsentType == "implicit"
            ? new(ClientMetadataProblem.InvalidClientMetadata,
                "consent_type implicit is only for first-party clients an administrator registers; registered clients always ask for consent.")
            : null;
}
