using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Aict.IdentityServer.Protocol.Signing;

/// <summary>Creates key material and turns stored material back into credentials.</summary>
internal static class KeyMaterial
{
    public static byte[] Create(string algorithm) => algorithm switch
    {
        KeyAlgorithms.Rs256 => ExportRsa(),
        KeyAlgorithms.Es256 => ExportEcdsa(),
        KeyAlgorithms.Encryption => RandomNumberGenerator.GetBytes(32),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unsupported key algorithm."),
    };

    public static SigningCredentials ToSigningCredentials(string id, string algorithm, byte[] material)
    {
        switch (algorithm)
        {
            case KeyAlgorithms.Rs256:
                var rsa = RSA.Create();
                rsa.ImportPkcs8PrivateKey(material, out _);
                return new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = id }, SecurityAlgorithms.RsaSha256);
            case KeyAlgorithms.Es256:
                var ecdsa = ECDsa.Create();
                ecdsa.ImportPkcs8PrivateKey(material, out _);
                return new SigningCredentials(new ECDsaSecurityKey(ecdsa) { KeyId = id }, SecurityAlgorithms.EcdsaSha256);
            default:
                throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Not a signing algorithm.");
        }
    }

    public static EncryptingCredentials ToEncryptingCredentials(string id, byte[] material) =>
        new(new SymmetricSecurityKey(material) { KeyId = id }, SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512);

    private static byte[] ExportRsa()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKey();
    }

    private static byte[] ExportEcdsa()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return ecdsa.ExportPkcs8PrivateKey();
    }
}
