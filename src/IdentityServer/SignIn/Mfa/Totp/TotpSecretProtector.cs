using Microsoft.AspNetCore.DataProtection;

namespace Aict.IdentityServer.SignIn.Mfa.Totp;

/// <summary>Encrypts TOTP secrets at rest with Data Protection under their own purpose.</summary>
public sealed class TotpSecretProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Aict.Identity.Mfa.TotpSecret.v1");

    public string Protect(byte[] secret) => Convert.ToBase64String(_protector.Protect(secret));

    public byte[] Unprotect(string protectedSecret) => _protector.Unprotect(Convert.FromBase64String(protectedSecret));
}
