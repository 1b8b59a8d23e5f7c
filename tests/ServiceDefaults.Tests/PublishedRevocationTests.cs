using Aict.ServiceDefaults.Revocation;

namespace Aict.ServiceDefaults.Tests;

/// <summary>The published revocation message carries its write time; messages from before that still read.</summary>
public sealed class PublishedRevocationTests
{
    private static readonly RevocationEntry Entry = new(RevocationKind.Subject, "user|with|bars", 1_900_000_000, 1_800_000_000);

    [Fact]
    public void A_published_message_reads_back_as_the_entry_and_its_write_time()
    {
        var writtenAt = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_123);

        Assert.True(RevocationEntry.TryParsePublished(Entry.SerializePublished(writtenAt), out var entry, out var time));

        Assert.Equal(Entry, entry);
        Assert.Equal(writtenAt, time);
    }

    [Fact]
    public void A_message_without_a_write_time_still_reads_and_has_none()
    {
        Assert.True(RevocationEntry.TryParsePublished(Entry.Serialize(), out var entry, out var time));

        Assert.Equal(Entry, entry);
        Assert.Null(time);
    }

    [Theory]
    [InlineData("@|3|1|0|id")]
    [InlineData("@12x|3|1|0|id")]
    [InlineData("@99999999999999999999|3|1|0|id")]
    [InlineData("@123")]
    [InlineData("@123|9|1|0|id")]
    public void A_malformed_published_message_is_not_an_entry(string text) =>
        Assert.False(RevocationEntry.TryParsePublished(text, out _, out _));
}
