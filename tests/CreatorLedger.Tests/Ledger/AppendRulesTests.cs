using System.Text;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using Xunit;

namespace CreatorLedger.Tests.Ledger;

/// <summary>What every store checks before it writes: expected revision, chain, clock, signatures.</summary>
public sealed class AppendRulesTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly SigningKey _alice = SigningKey.Generate();
    private readonly SigningKey _bob = SigningKey.Generate();

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
    }

    private static Func<IdentityId, StreamHead?> Heads(params ChainBuilder[] chains) =>
        id => chains.FirstOrDefault(c => c.Stream == id)?.Head;

    [Fact]
    public void Check_NewStreamsBatch_ReturnsTheNewHeads()
    {
        var alice = new ChainBuilder(_alice);
        var bob = new ChainBuilder(_bob);
        alice.Genesis();
        alice.Append(ChainBuilder.Note());
        bob.Genesis();
        var heads = AppendRules.Check(
            [new(alice.Stream, ExpectedRevision.NoStream, alice.Events), new(bob.Stream, ExpectedRevision.NoStream, bob.Events)],
            _ => null, Now);
        Assert.Equal(2, heads[alice.Stream].Seq);
        Assert.Equal(alice.Events[1].Id, heads[alice.Stream].LastId);
        Assert.Equal(1, heads[bob.Stream].Seq);
    }

    [Fact]
    public void Check_ExistingStreamAtTheExpectedRevision_IsAccepted()
    {
        var alice = new ChainBuilder(_alice);
        alice.Genesis();
        var stored = alice.Head;
        var next = alice.Append(ChainBuilder.Note());
        var heads = AppendRules.Check([new(alice.Stream, ExpectedRevision.Exactly(1), [next])], _ => stored, Now);
        Assert.Equal(2, heads[alice.Stream].Seq);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(3L)]
    public void Check_StreamAtAnotherRevision_ThrowsWithStreamExpectedAndActual(long expected)
    {
        var alice = new ChainBuilder(_alice);
        alice.Genesis();
        alice.Append(ChainBuilder.Note());
        var more = alice.Draft(ChainBuilder.Note());
        var e = Assert.Throws<WrongExpectedRevisionException>(() =>
            AppendRules.Check([new(alice.Stream, ExpectedRevision.After(expected), [more])], Heads(alice), Now));
        Assert.Equal(alice.Stream, e.Stream);
        Assert.Equal(ExpectedRevision.After(expected), e.Expected);
        Assert.Equal(2, e.Actual);
    }

    [Fact]
    public void Check_ExpectingAStreamThatDoesNotExist_ReportsActualZero()
    {
        var alice = new ChainBuilder(_alice);
        var genesis = alice.Genesis();
        var e = Assert.Throws<WrongExpectedRevisionException>(() =>
            AppendRules.Check([new(alice.Stream, ExpectedRevision.Exactly(1), [genesis])], _ => null, Now));
        Assert.Equal(0, e.Actual);
        Assert.Contains("no stream", e.Message);
    }

    [Fact]
    public void Check_AtExactlyFiveMinutesAhead_IsAccepted()
    {
        var alice = new ChainBuilder(_alice, LedgerTime.From(Now + AppendRules.MaxClockSkew));
        alice.Genesis();
        AppendRules.Check([new(alice.Stream, ExpectedRevision.NoStream, alice.Events)], _ => null, Now);
    }

    [Fact]
    public void Check_MoreThanFiveMinutesAhead_IsTimeInFuture()
    {
        var alice = new ChainBuilder(_alice, LedgerTime.From(Now + AppendRules.MaxClockSkew).AddMilliseconds(1));
        var genesis = alice.Genesis();
        var e = Assert.Throws<EventRejectedException>(() =>
            AppendRules.Check([new(alice.Stream, ExpectedRevision.NoStream, [genesis])], _ => null, Now));
        Assert.Equal(ViolationCode.TimeInFuture, e.Violation.Code);
        Assert.Equal(genesis.Id, e.Violation.EventId);
    }

    [Fact]
    public void Check_ChainViolationInsideABatch_IsRejectedWithTheOffendingEvent()
    {
        var alice = new ChainBuilder(_alice);
        alice.Genesis();
        var gap = alice.Draft(ChainBuilder.Note(), seq: 3, prev: alice.Events[0].Id);
        var e = Assert.Throws<EventRejectedException>(() =>
            AppendRules.Check([new(alice.Stream, ExpectedRevision.NoStream, [alice.Events[0], gap])], _ => null, Now));
        Assert.Equal(ViolationCode.SeqGap, e.Violation.Code);
        Assert.Equal(3, e.Violation.Seq);
        Assert.Equal(gap.Id, e.Violation.EventId);
    }

    [Fact]
    public void Check_TheLastStoredEventAgain_IsRejected()
    {
        var alice = new ChainBuilder(_alice);
        var genesis = alice.Genesis();
        Assert.Throws<EventRejectedException>(() =>
            AppendRules.Check([new(alice.Stream, ExpectedRevision.Exactly(1), [genesis])], Heads(alice), Now));
    }

    [Fact]
    public void Check_EventOfAnotherStream_IsMisuse()
    {
        var alice = new ChainBuilder(_alice);
        var bob = new ChainBuilder(_bob);
        var bobsGenesis = bob.Genesis();
        Assert.Throws<ArgumentException>(() =>
            AppendRules.Check([new(alice.Stream, ExpectedRevision.NoStream, [bobsGenesis])], _ => null, Now));
    }

    private static SignedEvent WithBrokenSignature(SignedEvent e)
    {
        // Swap the first signature character: still well-formed base64url, but no longer the signature.
        var text = Encoding.UTF8.GetString(e.Bytes);
        int at = text.IndexOf("\"sig\":\"", StringComparison.Ordinal) + 7;
        var broken = text[..at] + (text[at] == 'A' ? 'B' : 'A') + text[(at + 1)..];
        return SignedEvent.Parse(Encoding.UTF8.GetBytes(broken));
    }

    private List<SignedEvent> Stream(int count)
    {
        var alice = new ChainBuilder(_alice);
        alice.Genesis();
        while (alice.Events.Count < count) alice.Append(ChainBuilder.Note($"note {alice.Seq}"));
        return alice.Events;
    }

    [Theory]
    [InlineData(10)]
    [InlineData(200)]
    public void FirstBadSignature_AllGood_IsMinusOne(int count)
    {
        Assert.Equal(-1, AppendRules.FirstBadSignature(Stream(count)));
        AppendRules.VerifySignatures(Stream(count));
    }

    [Theory]
    [InlineData(10, new[] { 7 })]
    [InlineData(200, new[] { 137 })]
    [InlineData(200, new[] { 150, 63, 199 })]
    [InlineData(200, new[] { 0 })]
    [InlineData(200, new[] { 199 })]
    public void FirstBadSignature_SomeBad_FindsTheFirst(int count, int[] bad)
    {
        var events = Stream(count);
        foreach (var i in bad) events[i] = WithBrokenSignature(events[i]);
        Assert.Equal(bad.Min(), AppendRules.FirstBadSignature(events));
    }

    [Fact]
    public void VerifySignatures_BadOne_IsRejectedWithItsLine()
    {
        var events = Stream(100);
        events[42] = WithBrokenSignature(events[42]);
        var e = Assert.Throws<EventRejectedException>(() => AppendRules.VerifySignatures(events, i => i + 1));
        Assert.Equal(ViolationCode.BadSignature, e.Violation.Code);
        Assert.Equal(events[42].Id, e.Violation.EventId);
        Assert.Equal(43, e.Line);
        Assert.StartsWith("line 43:", e.Message);
    }
}
