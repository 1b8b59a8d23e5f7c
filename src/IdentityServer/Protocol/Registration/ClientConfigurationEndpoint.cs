using System.Text.Json.Nodes;
using Aict.IdentityServer.Administration.Audit;
using Aict.IdentityServer.Platform.Data;
using Aict.IdentityServer.Platform.Throttling;
using Aict.IdentityServer.Protocol.Clients;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace Aict.IdentityServer.Protocol.Registration;

/// <summary>
/// The client configuration endpoint (RFC 7592): a registered client reads (GET), replaces (PUT) and deletes (DELETE)
/// its registration with its registration access token. The token is compared with the stored hash in constant time;
/// a wrong token, a token of another client, or a client that was not registered dynamically all get one 401.
/// An update is held to the scopes and grants the client's initial access token allowed.
/// </summary>
internal static class ClientConfigurationEndpoint
{
    public static async Task<IResult> ReadAsync(
        string clientId, HttpContext context, IOpenIddictApplicationManager applications, FailureThrottle throttle,
        IOptions<ServerOptions> server, CancellationToken cancellationToken)
    {
        if (await AuthenticateAsync(clientId, context, applications, throttle, cancellationToken) is not var (application, registration, token))
        {
            return RegistrationResults.InvalidToken();
        }

        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, application, cancellationToken);
        return Information(StatusCodes.Status200OK, descriptor, registration, token, newSecret: null, server.Value);
    }

    public static async Task<IResult> ReplaceAsync(
        string clientId, HttpContext context, IOpenIddictApplicationManager applications, RegistrationPolicy policy,
        ApplicationDbContext db, AuditTrail audit, FailureThrottle throttle, IOptions<ServerOptions> server, RegistrationLog log,
        CancellationToken cancellationToken)
    {
        if (await AuthenticateAsync(clientId, context, applications, throttle, cancellationToken) is not var (application, registration, token))
        {
            return RegistrationResults.InvalidToken();
        }

        var (body, error) = await RegistrationBody.ReadAsync(context.Request, cancellationToken);
        if (body is null)
        {
            return error!;
        }

        if (!string.Equals(body.Metadata.ClientId, clientId, StringComparison.Ordinal))
        {
            return RegistrationResults.InvalidMetadata("client_id must be present and be this client's id (RFC 7592 §2.2).");
        }

        // RFC 7592 §2.2: a client may repeat its current secret, never choose one.
        if (body.ClientSecret is not null && !await applications.ValidateClientSecretAsync(application, body.ClientSecret, cancellationToken))
        {
            return RegistrationResults.InvalidMetadata("client_secret must be the client's current secret; a client cannot choose its secret.");
        }

        var bounds = policy.Bounded(InitialAccessTokens.Words(registration.AllowedScopes), InitialAccessTokens.Words(registration.AllowedGrantTypes));
        if ((ClientMetadataRules.Check(body.Metadata, bounds) ?? RegistrationPolicy.CheckSelfRegistered(body.Metadata)) is { } problem)
        {
            return RegistrationResults.Problem(problem);
        }

        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, application, cancellationToken);
        ClientDescriptors.Apply(body.Metadata, descriptor, bounds.LogoutUris);
        // A client that now authenticates with a secret and had none gets one; one that no longer does loses it.
        string? newSecret = null;
        if (!body.Metadata.NeedsSecret)
        {
            descriptor.ClientSecret = null;
        }
        else if (string.IsNullOrEmpty(descriptor.ClientSecret))
        {
            descriptor.ClientSecret = newSecret = BearerSecrets.New();
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            try
            {
                await applications.UpdateAsync(application, descriptor, cancellationToken);
            }
            catch (OpenIddictExceptions.ValidationException exception)
            {
                return RegistrationResults.InvalidMetadata(string.Join(" ", exception.Results.Select(r => r.ErrorMessage)));
            }

            await audit.RecordAsync(AuditEventTypes.ClientRegistrationUpdated, userId: null, clientId: clientId, cancellationToken: cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        log.Updated(clientId);
        return Information(StatusCodes.Status200OK, descriptor, registration, token, newSecret, server.Value);
    }

    public static async Task<IResult> DeleteAsync(
        string clientId, HttpContext context, IOpenIddictApplicationManager applications, ClientRetirement retirement,
        AuditTrail audit, FailureThrottle throttle, RegistrationLog log, CancellationToken cancellationToken)
    {
        if (await AuthenticateAsync(clientId, context, applications, throttle, cancellationToken) is not var (application, _, _))
        {
            return RegistrationResults.InvalidToken();
        }

        // Everything it holds is revoked (and put on the revocation list), then the client is gone.
        await retirement.DeleteAsync(application, cancellationToken);
        await audit.RecordAsync(AuditEventTypes.ClientRegistrationDeleted, userId: null, clientId: clientId, cancellationToken: cancellationToken);
        log.Deleted(clientId);
        return Results.NoContent();
    }

    private static async Task<(object Application, DynamicRegistration Registration, string Token)?> AuthenticateAsync(
        string clientId, HttpContext context, IOpenIddictApplicationManager applications, FailureThrottle throttle,
        CancellationToken cancellationToken)
    {
        if (BearerSecrets.FromAuthorizationHeader(context.Request) is { } token
            && clientId.Length <= 200
            && await applications.FindByClientIdAsync(clientId, cancellationToken) is { } application
            && DynamicRegistration.Read(await applications.GetPropertiesAsync(application, cancellationToken)) is { } registration
            && BearerSecrets.Matches(token, registration.RegistrationAccessTokenHash))
        {
            return (application, registration, token);
        }

        await throttle.RecordFailureAsync(ThrottledAction.ClientAuthentication, context.Connection.RemoteIpAddress);
        return null;
    }

    private static IResult Information(
        int status, OpenIddictApplicationDescriptor descriptor, DynamicRegistration registration, string token, string? newSecret, ServerOptions server)
    {
        var clientId = descriptor.ClientId!;
        // The secret is kept hashed, so it is shown only when issued; the token is the one the client just presented.
        var fields = new Dictionary<string, JsonNode?>
        {
            ["client_id_issued_at"] = registration.ClientIdIssuedAt,
            ["registration_access_token"] = token,
            ["registration_client_uri"] = RegistrationEndpoint.ClientUri(server, clientId),
        };
        if (newSecret is not null)
        {
            fields["client_secret"] = newSecret;
            fields["client_secret_expires_at"] = 0;
        }

        return RegistrationResults.ClientInformation(status, ClientDescriptors.Describe(descriptor), fields);
    }
}
