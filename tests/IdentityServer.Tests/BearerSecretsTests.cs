using Aict.IdentityServer.Protocol.Registration;
using Microsoft.AspNetCore.Http;

namespace Aict.IdentityServer.Tests;

public sealed class BearerSecretsTests
{
    [Fact]
    public void A_new_secret_is_256_random_bits_in_base64url_and_never_the_same_twice()
    {
        var first = BearerSecrets.New();

        Assert.Equal(43, first.Length);
        Assert.Matches("^[A-Za-z0-9_-]+$", first);
        Assert.NotEqual(first, BearerSecrets.New());
    }

    [Fact]
    public void Only_the_secret_itself_matches_its_hash()
    {
        var secret = BearerSecrets.New();
        var hash = BearerSecrets.Hash(secret);

        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.True(BearerSecrets.Matches(secret, hash));
        Assert.False(BearerSecrets.Matches(secret + "x", hash));
        Assert.False(BearerSecrets.Matches(secret, hash[..63]));
        Assert.False(BearerSecrets.Matches(secret, null));
    }

    [Theory]
    [InlineData("Bearer abc", "abc")]
    [InlineData("bearer  abc ", "abc")]
    [InlineData("Basic YWJjOmRlZg==", null)]
    [InlineData("Bearer ", null)]
    [InlineData("abc", null)]
    public void The_token_comes_from_a_bearer_authorization_header_only(string header, string? token)
    {
        var request = new DefaultHttpContext().Request;
        request.Headers.Authorization = header;

        Assert.Equal(token, BearerSecrets.FromAuthorizationHeader(request));
    }
}
