namespace Aict.IdentityServer.SignIn.Mfa.Passkeys;

/// <summary>A WebAuthn credential (passkey or security key) registered through Fido2.</summary>
public sealed class Passkey
{
    public Guid Id { get; init; }

    public required string UserId { get; init; }

    public required byte[] CredentialId { get; init; }

    /// <summary>The COSE-encoded public key that verifies assertions.</summary>
    public required byte[] PublicKey { get; init; }

    /// <summary>The authenticator's counter; an assertion that does not move it forward suggests a cloned key.</summary>
    public long SignCount { get; set; }

    /// <summary>The user handle given to the authenticator, returned by discoverable sign-ins.</summary>
    public required byte[] UserHandle { get; init; }

    public Guid AaGuid { get; init; }

    /// <summary>The authenticator's transports (usb, nfc, ble, internal, hybrid), comma-separated.</summary>
    public string? Transports { get; init; }

    /// <summary>The user's own label for it.</summary>
    public required string Name { get; set; }

    public bool IsBackupEligible { get; init; }

    public bool IsBackedUp { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? LastUsedAt { get; set; }
}
