using System.Security.Cryptography.X509Certificates;
using Aict.IdentityServer.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aict.IdentityServer.FunctionalTests.Keys;

/// <summary>Outside Development the key ring must be encrypted: without a usable certificate the server does not start.</summary>
public sealed class KeyRingConfigurationTests : IAsyncLifetime
{
    private const string Path = "DataProtection:Certificate:Path";

    private readonly TestDatabase _database = TestDatabase.Sqlite();

    [Fact]
    public async Task Outside_Development_the_server_does_not_start_without_a_key_ring_certificate_and_names_the_key() =>
        Assert.Contains($"{Path} (or DataProtection:Certificate:Thumbprint) is required outside Development",
            await ProductionStartFailureAsync(new() { [Path] = null, ["DataProtection:Certificate:Password"] = null }));

    [Fact]
    public async Task A_certificate_file_without_its_private_key_stops_the_start_and_names_the_key()
    {
        var publicOnly = KeyRingCertificates.WithoutPrivateKey(KeyRingCertificates.Create());

        var failure = await ProductionStartFailureAsync(publicOnly.Settings());

        Assert.Contains($"DataProtection:Certificate: the certificate {publicOnly.Thumbprint} holds no private key", failure);
    }

    [Fact]
    public async Task An_unreadable_certificate_file_stops_the_start_and_names_the_key()
    {
        var missing = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{Guid.NewGuid():N}.pfx");

        Assert.Contains($"{Path} '{missing}' could not be read", await ProductionStartFailureAsync(new() { [Path] = missing }));
    }

    [Fact]
    public async Task A_wrong_certificate_password_stops_the_start_names_the_key_and_does_not_show_the_password()
    {
        var certificate = KeyRingCertificates.Create();

        var failure = await ProductionStartFailureAsync(new(certificate.Settings()) { ["DataProtection:Certificate:Password"] = "wrong-password-7f3a" });

        Assert.Contains($"{Path} '{certificate.Path}' could not be read", failure);
        Assert.DoesNotContain("wrong-password-7f3a", failure);
    }

    [Fact]
    public async Task An_unreadable_previous_certificate_stops_the_start_and_names_its_key()
    {
        var missing = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{Guid.NewGuid():N}.pfx");

        Assert.Contains($"DataProtection:Certificate:Previous:0:Path '{missing}' could not be read",
            await ProductionStartFailureAsync(new() { ["DataProtection:Certificate:Previous:0:Path"] = missing }));
    }

    [Fact]
    public async Task A_thumbprint_that_is_not_in_the_store_stops_the_start_and_names_the_key()
    {
        var thumbprint = Convert.ToHexString(Guid.NewGuid().ToByteArray()) + "00000000";

        var failure = await ProductionStartFailureAsync(new() { [Path] = null, ["DataProtection:Certificate:Thumbprint"] = thumbprint });

        Assert.Contains($"DataProtection:Certificate:Thumbprint '{thumbprint}' is not in the CurrentUser/My certificate store", failure);
    }

    [Fact]
    public async Task A_certificate_named_by_its_thumbprint_in_the_store_encrypts_the_key_ring()
    {
        var certificate = KeyRingCertificates.Create();
        using var inStore = KeyRingCertificates.InCurrentUserStore(certificate);
        await using var factory = new IdentityServerFactory(_database, new Dictionary<string, string?>
        {
            ["DataProtection:Certificate:Thumbprint"] = certificate.Thumbprint,
        });

        var token = await new TokenClient(factory.CreateBackChannel()).ClientCredentialsAsync(DemoRealm.PartnerErp, "products:read");

        Assert.NotNull(token.AccessToken);
        await using var scope = factory.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().DataProtectionKeys.Select(key => key.Xml!).ToListAsync();
        Assert.NotEmpty(stored);
        Assert.All(stored, xml => Assert.Contains($"<X509Certificate>{Convert.ToBase64String(RawData(certificate))}</X509Certificate>", xml, StringComparison.Ordinal));
    }

    private static byte[] RawData(KeyRingCertificate certificate)
    {
        using var loaded = X509CertificateLoader.LoadPkcs12FromFile(certificate.Path, certificate.Password);
        return loaded.RawData;
    }

    private async Task<string> ProductionStartFailureAsync(Dictionary<string, string?> settings)
    {
        await using var factory = new IdentityServerFactory(
            _database, IdentityServerFactory.ProductionSettings.Concat(settings).ToDictionary(), "Production");

        var failure = Record.Exception(() => factory.CreateBackChannel());

        Assert.NotNull(failure);
        return failure.ToString();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();
}
