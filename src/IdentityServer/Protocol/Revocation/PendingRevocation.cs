using Aict.ServiceDefaults.Revocation;

namespace Aict.IdentityServer.Protocol.Revocation;

/// <summary>
/// A revocation that Redis did not take when it happened, kept in the identity database until the
/// <see cref="RevocationOutboxRelay"/> has put it on the list; then it is deleted.
/// </summary>
public sealed class PendingRevocation
{
    public long Id { get; init; }

    public RevocationKind Kind { get; init; }

    /// <summary>The token id, session id, authorization id or subject the entry covers.</summary>
    public required string Target { get; init; }

    /// <summary>When the last token it covers expires (the writer adds the readers' clock skew).</summary>
    public DateTimeOffset Until { get; init; }

    /// <summary>For a subject: its tokens issued before this instant are dead.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>The kind of the last failure, never a message that could hold a connection string.</summary>
    public string? LastError { get; set; }

    /// <summary>Writes the entry to the list and its channel.</summary>
    public Task WriteAsync(IRevocationWriter writer, CancellationToken cancellationToken) => Kind switch
    {
        RevocationKind.Token => writer.RevokeTokenAsync(Target, Until, cancellationToken),
        RevocationKind.Session => writer.RevokeSessionAsync(Target, Until, cancellationToken),
        RevocationKind.Authorization => writer.RevokeAuthorizationAsync(Target, Until, cancellationToken),
        RevocationKind.Subject => writer.RevokeSubjectBeforeAsync(Target, NotBefore ?? Until, Until, cancellationToken),
        _ => throw new InvalidOperationException($"Unknown revocation kind {Kind}."),
    };
}
