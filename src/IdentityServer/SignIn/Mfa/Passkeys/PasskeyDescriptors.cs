using System.Text.Json;
using Fido2NetLib.Objects;

namespace Aict.IdentityServer.SignIn.Mfa.Passkeys;

/// <summary>Stored credentials as WebAuthn credential descriptors, with their transports as hints for the browser.</summary>
internal static class PasskeyDescriptors
{
    public static PublicKeyCredentialDescriptor Of(byte[] credentialId, string? transports) =>
        new(PublicKeyCredentialType.PublicKey, credentialId, Parse(transports));

    /// <summary>Transports as their WebAuthn names (usb, nfc, ble, smart-card, hybrid, internal), comma-separated.</summary>
    public static string Format(IEnumerable<AuthenticatorTransport> transports) =>
        string.Join(',', transports.Select(t => JsonSerializer.Serialize(t).Trim('"')));

    private static AuthenticatorTransport[]? Parse(string? transports) =>
        string.IsNullOrEmpty(transports)
            ? null
            : [.. transports.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(t => JsonSerializer.Deserialize<AuthenticatorTransport>($"\"{t}\""))];
}
