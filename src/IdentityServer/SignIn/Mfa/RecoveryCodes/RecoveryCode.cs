namespace Aict.IdentityServer.SignIn.Mfa.RecoveryCodes;

/// <summary>One single-use recovery code, kept only as a salted hash of its normalised form (<see cref="RecoveryCodeHash"/>).</summary>
public sealed class RecoveryCode
{
    public long Id { get; init; }

    public required string UserId { get; init; }

    public required byte[] CodeHash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? UsedAt { get; set; }
}
