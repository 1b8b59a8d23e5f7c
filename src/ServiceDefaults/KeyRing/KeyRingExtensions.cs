using Aict.ServiceDefaults.KeyRing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>The Data Protection key ring every instance of a service shares, encrypted at rest by a certificate.</summary>
public static class KeyRingExtensions
{
    /// <summary>
    /// Data Protection for <paramref name="applicationName"/>, its keys encrypted with <c>DataProtection:Certificate</c>
    /// (a PKCS#12 file or a store thumbprint) and readable with it or any <c>DataProtection:Certificate:Previous</c>.
    /// The certificate is required outside Development and checked here, before anything could write a key in clear.
    /// The caller says where the keys are persisted.
    /// </summary>
    public static IDataProtectionBuilder AddProtectedKeyRing(this IHostApplicationBuilder builder, string applicationName)
    {
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName(applicationName);
        var options = builder.Configuration.GetSection(KeyRingCertificateOptions.Section).Get<KeyRingCertificateOptions>() ?? new();
        if (!options.IsSet)
        {
            return builder.Environment.IsDevelopment()
                ? dataProtection
                : throw new InvalidOperationException(
                    $"{KeyRingCertificateOptions.Section}:Path (or {KeyRingCertificateOptions.Section}:Thumbprint) is required outside "
                    + "Development: the Data Protection key ring, which protects cookies, sealed signing keys and secrets, is encrypted at "
                    + "rest with this certificate. See docs/operations.md.");
        }

        var current = KeyRingCertificates.Load(options, KeyRingCertificateOptions.Section);
        var previous = options.Previous
            .Select((source, index) => KeyRingCertificates.Load(source, $"{KeyRingCertificateOptions.Section}:Previous:{index}"))
            .ToArray();
        dataProtection.ProtectKeysWithCertificate(current);
        if (previous.Length > 0)
        {
            dataProtection.UnprotectKeysWithAnyCertificate(previous);
        }

        return dataProtection;
    }
}
