using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.Platform.Throttling;
using Aict.IdentityServer.Protocol.Clients;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.Protocol.Registration;

/// <summary>
/// <c>POST /connect/register</c> (RFC 7591 §3): a client registers itself with an administrator's initial access
/// token. The metadata is checked first; then, in one transaction, the token is spent and the client created, so a
/// refused request spends nothing and a single-use token registers one client.
/// </summary>
internal static class RegistrationEndpoint
{
    public static async Task<IResult> HandleAsync(
        HttpContext context,
        InitialAccessTokens initialTokens,
        RegistrationPolicy policy,
        IOpenIddictApplicationManager applications,
        ApplicationDbContext db,
        AuditTrail audit,
        FailureThrottle throttle,
        IOptions<ServerOptions> server,
        TimeProvider time,
        RegistrationLog log,
        CancellationToken cancellationToken)
    {
        var presented = BearerSecrets.FromAuthorizationHeader(context.Request);
        var token = presented is null ? null : await initialTokens.FindUsableAsync(presented, cancellationToken);
        if (token is null)
        {
            await throttle.RecordFailureAsync(ThrottledAction.ClientAuthentication, context.Connection.RemoteIpAddress);
            return RegistrationResults.InvalidToken();
        }

        var (body, error) = await RegistrationBody.ReadAsync(context.Request, cancellationToken);
        if (body is null)
        {
            return error!;
        }

        var bounds = policy.Bounded(InitialAccessTokens.Words(token.AllowedScopes), InitialAccessTokens.Words(token.AllowedGrantTypes));
        if ((ClientMetadataRules.Check(body.Metadata, bounds) ?? RegistrationPolicy.CheckSelfRegistered(body.Metadata)) is { } problem)
        {
            return RegistrationResults.Problem(problem);
        }

        var clientId = "dyn-" + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));
        var secret = body.Metadata.NeedsSecret ? BearerSecrets.New() : null;
        var registrationToken = BearerSecrets.New();
        var issuedAt = time.GetUtcNow().ToUnixTimeSeconds();
        var descriptor = new OpenIddictApplicationDescriptor { ClientId = clientId, ClientSecret = secret };
        ClientDescriptors.Apply(body.Metadata, descriptor, bounds.LogoutUris);
        new DynamicRegistration(BearerSecrets.Hash(registrationToken), issuedAt, token.Id, token.AllowedScopes, token.AllowedGrantTypes)
            .WriteTo(descriptor);
        var registered = ClientDescriptors.Describe(descriptor);

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            if (!await initialTokens.TrySpendAsync(token, cancellationToken))
            {
                // Spent, revoked or expired since it was looked up: another registration got there first.
                return RegistrationResults.InvalidToken();
            }

            try
            {
                await applications.CreateAsync(descriptor, cancellationToken);
            }
            catch (OpenIddictExceptions.ValidationException exception)
            {
                return RegistrationResults.InvalidMetadata(string.Join(" ", exception.Results.Select(r => r.ErrorMessage)));
            }

            await audit.RecordAsync(AuditEventTypes.ClientRegistered, userId: null, clientId: clientId, cancellationToken: cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        log.Registered(clientId, token.Id);
        var fields = new Dictionary<string, JsonNode?>
        {
            ["client_id_issued_at"] = issuedAt,
            ["registration_access_token"] = registrationToken,
            ["registration_client_uri"] = ClientUri(server.Value, clientId),
        };
        if (secret is not null)
        {
            fields["client_secret"] = secret;
            fields["client_secret_expires_at"] = 0;
        }

        context.Response.Headers.Location = ClientUri(server.Value, clientId);
        return RegistrationResults.ClientInformation(StatusCodes.Status201Created, registered, fields);
    }

    /// <summary>Where the client reads, updates and deletes its registration (RFC 7592).</summary>
    public static string ClientUri(ServerOptions server, string clientId) =>
        new Uri(server.Issuer!, $"{RegistrationApi.Path.TrimStart('/')}/{Uri.EscapeDataString(clientId)}").AbsoluteUri;
}
