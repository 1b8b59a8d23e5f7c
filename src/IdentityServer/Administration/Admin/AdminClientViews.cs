using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Aict.IdentityServer.Protocol.Clients;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.Administration.Admin;

/// <summary>A client as the console shows it: its metadata, and facts the console does not edit.</summary>
/// <param name="Protected">The portal's own client: it cannot be disabled, deleted or given a new secret from the console.</param>
public sealed record AdminClient(ClientMetadata Metadata, string? ClientType, bool HasSecret, bool Disabled, bool Protected);

/// <summary>A line of the console's client list.</summary>
public sealed record AdminClientSummary(string ClientId, string? ClientName, string? ClientType, IReadOnlyList<string> GrantTypes, bool Disabled);

/// <summary>A client after a change, with its new secret when the change made one: shown this once, only its hash is kept.</summary>
public sealed record AdminClientSaved(AdminClient Client, string? ClientSecret);

/// <summary>A client's new secret, shown this once.</summary>
public sealed record AdminClientSecret(string ClientId, string ClientSecret);

/// <summary>What the console's client pages share: ids, secrets, the protected portal client and field-keyed problems.</summary>
internal static partial class AdminClients
{
    /// <summary>The portal's own client: without it nobody, administrators included, can reach the console.</summary>
    public const string PortalClientId = "sso-portal";

    private static readonly string[] MetadataFields =
    [
        "client_id", "client_name", "application_type", "redirect_uris", "post_logout_redirect_uris", "grant_types", "response_types",
        "token_endpoint_auth_method", "scope", "jwks_uri", "jwks", "backchannel_logout_uri", "backchannel_logout_session_required",
        "initiate_login_uri", "require_mfa", "consent_type",
    ];

    public static bool IsProtected(string clientId) => string.Equals(clientId, PortalClientId, StringComparison.Ordinal);

    /// <summary>Letters, digits and <c>. _ : -</c>, 3 to 100 characters: safe in URLs, logs and the portal's pages.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{2,99}$", RegexOptions.CultureInvariant)]
    public static partial Regex ClientIdSyntax();

    public static string NewClientId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>256 random bits, base64url: the client's to keep, ours to hash (OpenIddict stores a PBKDF2 hash).</summary>
    public static string NewSecret() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static AdminClient View(OpenIddictApplicationDescriptor descriptor) =>
        new(ClientDescriptors.Describe(descriptor), descriptor.ClientType, !string.IsNullOrEmpty(descriptor.ClientSecret),
            ClientDisabling.IsDisabled(descriptor), IsProtected(descriptor.ClientId!));

    public static async Task<OpenIddictApplicationDescriptor> DescribeAsync(
        IOpenIddictApplicationManager applications, object application, CancellationToken cancellationToken)
    {
        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, application, cancellationToken);
        return descriptor;
    }

    /// <summary>
    /// The refusal with the metadata field it concerns as the error's key (the one the description names first),
    /// so that the console shows it beside that field; <c>error</c> carries RFC 7591's code.
    /// </summary>
    public static ProblemHttpResult Refused(ClientMetadataProblem problem)
    {
        var field = MetadataFields
            .Select(name => (name, at: problem.Description.IndexOf(name, StringComparison.Ordinal)))
            .Where(found => found.at >= 0)
            .OrderBy(found => found.at).ThenByDescending(found => found.name.Length)
            .Select(found => found.name)
            .FirstOrDefault() ?? (problem.Error == ClientMetadataProblem.InvalidRedirectUri ? "redirect_uris" : "metadata");
        var result = AdminProblems.Field(StatusCodes.Status400BadRequest, field, problem.Description, "Invalid client metadata");
        result.ProblemDetails.Extensions["error"] = problem.Error;
        return result;
    }
}
