using Aict.ServiceDefaults.Revocation;

namespace Aict.ServiceDefaults.Tests;

public sealed class RevocationCopyTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private readonly ManualClock _clock = new(Start);
    private readonly RevocationCopy _copy;

    public RevocationCopyTests()
    {
        _copy = new RevocationCopy(_clock, TimeSpan.FromSeconds(30));
        _copy.MarkCurrent();
    }

    private static long At(int seconds) => Start.AddSeconds(seconds).ToUnixTimeSeconds();

    [Fact]
    public void A_revoked_token_id_is_revoked_until_its_entry_expires_and_then_forgotten()
    {
        _copy.Apply(new RevocationEntry(RevocationKind.Token, "t1", At(60)));

        Assert.Equal(RevocationVerdict.Revoked, _copy.Check("t1", null, null, null, null, 0));
        Assert.Equal(RevocationVerdict.Revoked, _copy.Check(null, "t1", null, null, null, 0));
        Assert.Equal(RevocationVerdict.Valid, _copy.Check("t2", null, null, null, null, 0));

        _clock.Advance(TimeSpan.FromSeconds(60));
        _copy.RemoveExpired();

        Assert.Equal(RevocationVerdict.Valid, _copy.Check("t1", null, null, null, null, 0));
        Assert.Equal(0, _copy.Count);
    }

    [Fact]
    public void Sessions_and_authorizations_revoke_every_token_that_carries_them()
    {
        _copy.Apply(new RevocationEntry(RevocationKind.Session, "s1", At(60)));
        _copy.Apply(new RevocationEntry(RevocationKind.Authorization, "a1", At(60)));

        Assert.Equal(RevocationVerdict.Revoked, _copy.Check("any", null, "s1", null, null, 0));
        Assert.Equal(RevocationVerdict.Revoked, _copy.Check("any", null, null, "a1", null, 0));
        Assert.Equal(RevocationVerdict.Valid, _copy.Check("any", null, "s2", "a2", null, 0));
    }

    [Fact]
    public void A_subject_not_before_revokes_only_tokens_issued_earlier_and_the_latest_time_wins()
    {
        _copy.Apply(new RevocationEntry(RevocationKind.Subject, "alice", At(600), NotBefore: At(10)));
        _copy.Apply(new RevocationEntry(RevocationKind.Subject, "alice", At(300), NotBefore: At(5)));

        Assert.Equal(RevocationVerdict.Revoked, _copy.Check(null, null, null, null, "alice", At(9)));
        Assert.Equal(RevocationVerdict.Valid, _copy.Check(null, null, null, null, "alice", At(10)));
        Assert.Equal(RevocationVerdict.Valid, _copy.Check(null, null, null, null, "bob", At(0)));
    }

    [Fact]
    public void A_stale_copy_answers_within_the_bound_then_fails_closed_and_is_current_again_after_a_resync()
    {
        _copy.Apply(new RevocationEntry(RevocationKind.Token, "t1", At(600)));
        _copy.MarkStale();

        Assert.Equal(RevocationState.Stale, _copy.State);
        Assert.Equal(RevocationVerdict.Revoked, _copy.Check("t1", null, null, null, null, 0));
        Assert.Equal(RevocationVerdict.Valid, _copy.Check("t2", null, null, null, null, 0));

        _clock.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(RevocationState.FailingClosed, _copy.State);
        Assert.Equal(RevocationVerdict.Unavailable, _copy.Check("t2", null, null, null, null, 0));

        _copy.MarkCurrent();

        Assert.Equal(RevocationState.Current, _copy.State);
        Assert.Equal(RevocationVerdict.Valid, _copy.Check("t2", null, null, null, null, 0));
    }

    [Fact]
    public void A_copy_never_loaded_fails_closed_at_once()
    {
        var fresh = new RevocationCopy(_clock, TimeSpan.FromSeconds(30));

        Assert.Equal(RevocationState.FailingClosed, fresh.State);
        Assert.Equal(RevocationVerdict.Unavailable, fresh.Check("t", null, null, null, null, 0));
    }

    [Theory]
    [InlineData("")]
    [InlineData("9|1|0|x")]
    [InlineData("0|x|0|id")]
    [InlineData("0|1|0|")]
    public void Malformed_messages_are_not_entries(string text) => Assert.False(RevocationEntry.TryParse(text, out _));

    [Fact]
    public void An_entry_survives_its_wire_form()
    {
        var entry = new RevocationEntry(RevocationKind.Subject, "id|with|bars", 42, 7);

        Assert.True(RevocationEntry.TryParse(entry.Serialize(), out var parsed));
        Assert.Equal(entry, parsed);
    }
}
