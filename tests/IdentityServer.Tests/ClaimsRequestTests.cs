using Aict.IdentityServer.Protocol.Tokens;

namespace Aict.IdentityServer.Tests;

public sealed class ClaimsRequestTests
{
    [Fact]
    public void An_absent_parameter_asks_for_nothing()
    {
        Assert.True(ClaimsRequest.TryParse(null, out var request));
        Assert.Empty(request.IdToken);
        Assert.Empty(request.UserInfo);
    }

    [Fact]
    public void Standard_claims_are_read_per_target_and_unknown_ones_ignored()
    {
        const string json = """{"id_token":{"email":{"essential":true},"acr":{"values":["x"]}},"userinfo":{"name":null,"favourite_colour":null}}""";

        Assert.True(ClaimsRequest.TryParse(json, out var request));

        Assert.Equal(["email"], request.IdToken);
        Assert.Equal(["name"], request.UserInfo);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[]")]
    [InlineData("\"email\"")]
    public void Anything_but_a_JSON_object_is_malformed(string json) =>
        Assert.False(ClaimsRequest.TryParse(json, out _));
}
