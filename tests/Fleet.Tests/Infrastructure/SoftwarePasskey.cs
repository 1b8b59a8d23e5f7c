using System.Buffers.Text;
using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Aict.Fleet.Tests.Infrastructure;

/// <summary>
/// A passkey authenticator in software, for ceremonies without a browser: a P-256 key (ES256), user present and
/// verified, "none" attestation. It answers registration options as a browser posts <c>credential.toJSON()</c>.
/// </summary>
public sealed class SoftwarePasskey : IDisposable
{
    // User present, user verified, attested credential data included (WebAuthn §6.1).
    private const byte RegistrationFlags = 0x01 | 0x04 | 0x40;

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public byte[] CredentialId { get; } = RandomNumberGenerator.GetBytes(16);

    /// <summary>The answer to registration <paramref name="options"/> made on the page at <paramref name="origin"/>.</summary>
    public object Register(JsonElement options, string origin)
    {
        var clientData = JsonSerializer.SerializeToUtf8Bytes(new
        {
            type = "webauthn.create",
            challenge = options.GetProperty("challenge").GetString(),
            origin,
            crossOrigin = false,
        });
        var rpIdHash = SHA256.HashData(Encoding.UTF8.GetBytes(options.GetProperty("rp").GetProperty("id").GetString()!));
        byte[] authenticatorData =
        [
            .. rpIdHash, RegistrationFlags, 0, 0, 0, 0,
            .. new byte[16], (byte)(CredentialId.Length >> 8), (byte)CredentialId.Length, .. CredentialId, .. PublicKey(),
        ];

        var attestation = new CborWriter(CborConformanceMode.Ctap2Canonical);
        attestation.WriteStartMap(3);
        attestation.WriteTextString("fmt");
        attestation.WriteTextString("none");
        attestation.WriteTextString("attStmt");
        attestation.WriteStartMap(0);
        attestation.WriteEndMap();
        attestation.WriteTextString("authData");
        attestation.WriteByteString(authenticatorData);
        attestation.WriteEndMap();

        var id = Base64Url.EncodeToString(CredentialId);
        return new
        {
            id,
            rawId = id,
            type = "public-key",
            authenticatorAttachment = "platform",
            response = new
            {
                clientDataJSON = Base64Url.EncodeToString(clientData),
                attestationObject = Base64Url.EncodeToString(attestation.Encode()),
                transports = new[] { "internal" },
            },
            clientExtensionResults = new { },
        };
    }

    public void Dispose() => _key.Dispose();

    /// <summary>The public key as a COSE_Key (RFC 9053): EC2, ES256, P-256, x, y.</summary>
    private byte[] PublicKey()
    {
        var point = _key.ExportParameters(includePrivateParameters: false).Q;
        var cose = new CborWriter(CborConformanceMode.Ctap2Canonical);
        cose.WriteStartMap(5);
        cose.WriteInt32(1);
        cose.WriteInt32(2);
        cose.WriteInt32(3);
        cose.WriteInt32(-7);
        cose.WriteInt32(-1);
        cose.WriteInt32(1);
        cose.WriteInt32(-2);
        cose.WriteByteString(point.X!);
        cose.WriteInt32(-3);
        cose.WriteByteString(point.Y!);
        cose.WriteEndMap();
        return cose.Encode();
    }
}
