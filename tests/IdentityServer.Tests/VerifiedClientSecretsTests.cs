using Aict.IdentityServer.Protocol.HotPath;

namespace Aict.IdentityServer.Tests;

public sealed class VerifiedClientSecretsTests
{
    [Fact]
    public void A_remembered_secret_is_recognised_for_its_client_and_stored_hash_only()
    {
        using var secrets = new VerifiedClientSecrets();

        Assert.False(secrets.Contains("app-1", "hash-1", "s3cret"));
        secrets.Remember("app-1", "hash-1", "s3cret");

        Assert.True(secrets.Contains("app-1", "hash-1", "s3cret"));
        Assert.False(secrets.Contains("app-1", "hash-1", "s3cret "));
        Assert.False(secrets.Contains("app-1", "hash-2", "s3cret"));
        Assert.False(secrets.Contains("app-2", "hash-1", "s3cret"));
    }
}
