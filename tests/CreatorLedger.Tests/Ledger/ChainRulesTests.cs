using System.Text.Json.Nodes;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using Xunit;

namespace CreatorLedger.Tests.Ledger;

/// <summary>Each per-author chain rule of DESIGN §3–§4, with an event it accepts and one it refuses.</summary>
public sealed class ChainRulesTests : IDisposable
{
    private readonly SigningKey _alice = SigningKey.Generate();
    private readonly SigningKey _bob = SigningKey.Generate();
    private readonly SigningKey _next = SigningKey.Generate();
    private readonly SigningKey _recovery = SigningKey.Generate();

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
        _next.Dispose();
        _recovery.Dispose();
    }

    private static ChainViolation Refused(StreamHead? head, SignedEvent e, ViolationCode code)
    {
        var step = ChainRules.Next(head, e);
        Assert.False(step.IsValid);
        Assert.False(step.IsDuplicate);
        var violation = Assert.IsType<ChainViolation>(step.Violation);
        Assert.Equal(code, violation.Code);
        Assert.Equal(e.Stream, violation.Stream);
        Assert.Equal(e.Seq, violation.Seq);
        Assert.Equal(e.Id, violation.EventId);
        return violation;
    }

    private static StreamHead Accepted(StreamHead? head, SignedEvent e)
    {
        var step = ChainRules.Next(head, e);
        Assert.True(step.IsValid, step.Violation?.ToString());
        Assert.Null(step.Violation);
        Assert.Equal(e.Seq, step.Head!.Seq);
        Assert.Equal(e.Id, step.Head.LastId);
        return step.Head;
    }

    [Fact]
    public void Next_GenesisIdentityCreatedBySelf_StartsTheStream()
    {
        var chain = new ChainBuilder(_alice);
        var head = Accepted(null, chain.Draft(new IdentityCreated("Alice", "creator", RecoveryKey: _recovery.Id).ToDraft()));
        Assert.Equal(_alice.Id, head.Stream);
        Assert.Equal(_alice.Id, head.CurrentKey);
        Assert.Equal(_recovery.Id, head.RecoveryKey);
        Assert.Equal([_alice.Id], head.Keys);
    }

    [Fact]
    public void Next_GenesisAtSeq2_IsSeqGap()
    {
        var chain = new ChainBuilder(_alice);
        Refused(null, chain.Draft(new IdentityCreated("Alice", "creator").ToDraft(), seq: 2), ViolationCode.SeqGap);
    }

    [Fact]
    public void Next_GenesisOfAnotherType_IsBadGenesis()
    {
        var chain = new ChainBuilder(_alice);
        Refused(null, chain.Draft(ChainBuilder.Note()), ViolationCode.BadGenesis);
    }

    [Fact]
    public void Next_GenesisSignedByAnotherKey_IsBadGenesis()
    {
        // Bob cannot create Alice's identity, even with a valid signature of his own.
        var chain = new ChainBuilder(_alice);
        var e = chain.Draft(new IdentityCreated("Alice", "creator").ToDraft(), by: _bob);
        Assert.True(e.HasValidSignature());
        Refused(null, e, ViolationCode.BadGenesis);
    }

    [Fact]
    public void Next_GenesisWithoutName_IsInvalidData()
    {
        var chain = new ChainBuilder(_alice);
        Refused(null, chain.Draft(new EventDraft(EventTypes.IdentityCreated, new JsonObject { ["role"] = "creator" })), ViolationCode.InvalidData);
    }

    [Fact]
    public void Next_IdentityCreatedAfterGenesis_IsBadGenesis()
    {
        var chain = new ChainBuilder(_alice);
        chain.Genesis();
        Refused(chain.Head, chain.Draft(new IdentityCreated("Alice again", "creator").ToDraft()), ViolationCode.BadGenesis);
    }

    [Fact]
    public void Next_FollowingSeq_IsAcceptedAndASkippedSeqIsSeqGap()
    {
        var chain = new ChainBuilder(_alice);
        var genesis = chain.Genesis();
        Refused(chain.Head, chain.Draft(ChainBuilder.Note(), seq: 3, prev: genesis.Id), ViolationCode.SeqGap);
        Accepted(chain.Head, chain.Draft(ChainBuilder.Note(), seq: 2, prev: genesis.Id));
    }

    [Fact]
    public void Next_PrevNotThePreviousId_IsPrevMismatch()
    {
        var chain = new ChainBuilder(_alice);
        chain.Genesis();
        chain.Append(ChainBuilder.Note());
        var violation = Refused(chain.Head, chain.Draft(ChainBuilder.Note(), prev: chain.Events[0].Id), ViolationCode.PrevMismatch);
        Assert.Contains(chain.Events[1].Id.Hex, violation.Message);
    }

    [Fact]
    public void Next_DifferentEventAtAnExistingSeq_IsFork()
    {
        var chain = new ChainBuilder(_alice);
        var genesis = chain.Genesis();
        chain.Append(ChainBuilder.Note("first"));
        Refused(chain.Head, chain.Draft(ChainBuilder.Note("second"), seq: 2, prev: genesis.Id), ViolationCode.Fork);
        Refused(chain.Head, chain.Draft(new IdentityCreated("Alice", "developer").ToDraft(), seq: 1), ViolationCode.Fork);
    }

    [Fact]
    public void Next_TheLastEventAgain_IsADuplicateThatChangesNothing()
    {
        var chain = new ChainBuilder(_alice);
        chain.Genesis();
        var last = chain.Append(ChainBuilder.Note());
        var step = ChainRules.Next(chain.Head, SignedEvent.Parse(last.Bytes));
        Assert.True(step.IsDuplicate);
        Assert.Null(step.Violation);
        Assert.Same(chain.Head, step.Head);
    }

    [Fact]
    public void Next_SignedByAKeyOtherThanTheCurrent_IsWrongKey()
    {
        var chain = new ChainBuilder(_alice);
        chain.Genesis();
        Accepted(chain.Head, chain.Draft(ChainBuilder.Note(), by: _alice));
        Refused(chain.Head, chain.Draft(ChainBuilder.Note(), by: _bob), ViolationCode.WrongKey);
    }

    [Fact]
    public void Next_TimeBeforeThePreviousEvent_IsTimeBackwardsButTheSameTimeIsAllowed()
    {
        var chain = new ChainBuilder(_alice);
        chain.Genesis();
        Refused(chain.Head, chain.Draft(ChainBuilder.Note(), at: chain.At.AddMilliseconds(-1)), ViolationCode.TimeBackwards);
        Accepted(chain.Head, chain.Draft(ChainBuilder.Note(), at: chain.At));
    }

    [Fact]
    public void Next_AfterKeyRotated_OnlyTheNextKeySigns()
    {
        var chain = new ChainBuilder(_alice);
        chain.Genesis();
        var head = Accepted(chain.Head, chain.Draft(new KeyRotated(_next.Id).ToDraft()));
        Assert.Equal(_next.Id, head.CurrentKey);
        chain.Append(new KeyRotated(_next.Id).ToDraft());
        Assert.Equal([_alice.Id, _next.Id], head.Keys);
        Refused(chain.Head, chain.Draft(ChainBuilder.Note(), by: _alice), ViolationCode.WrongKey);
        Accepted(chain.Head, chain.Draft(ChainBuilder.Note(), by: _next));
    }

    [Fact]
    public void Next_KeyRotatedToAKeyAlreadyUsed_IsInvalidData()
    {
        var chain = new ChainBuilder(_alice);
        chain.Genesis();
        chain.Append(new KeyRotated(_next.Id).ToDraft());
        chain.Key = _next;
        Refused(chain.Head, chain.Draft(new KeyRotated(_alice.Id).ToDraft()), ViolationCode.InvalidData);
        Refused(chain.Head, chain.Draft(new EventDraft(EventTypes.KeyRotated, new JsonObject { ["next"] = "did:key:nope" })), ViolationCode.InvalidData);
    }

    [Fact]
    public void Next_KeyCompromisedByTheRecoveryKey_MakesTheRecoveryKeyCurrent()
    {
        var chain = new ChainBuilder(_alice);
        chain.Genesis(recoveryKey: _recovery.Id);
        chain.Append(ChainBuilder.Note());
        var compromised = chain.Append(new KeyCompromised(_alice.Id, LastValidSeq: 2).ToDraft(), by: _recovery);
        Assert.Equal(_recovery.Id, compromised.Key);
        Assert.Equal(_recovery.Id, chain.Head!.CurrentKey);
        Assert.Contains(_recovery.Id, chain.Head.Keys);
        Refused(chain.Head, chain.Draft(ChainBuilder.Note(), by: _alice), ViolationCode.WrongKey);
        Accepted(chain.Head, chain.Draft(ChainBuilder.Note(), by: _recovery));
    }

    [Fact]
    public void Next_RecoveryKeySigningAnythingButKeyCompromised_IsWrongKey()
    {
        var chain = new ChainBuilder(_alice);
        chain.Genesis(recoveryKey: _recovery.Id);
        Refused(chain.Head, chain.Draft(ChainBuilder.Note(), by: _recovery), ViolationCode.WrongKey);
        Refused(chain.Head, chain.Draft(new KeyRotated(_next.Id).ToDraft(), by: _recovery), ViolationCode.WrongKey);
    }

    [Fact]
    public void Next_KeyCompromisedOfARotatedOutKeyByTheCurrentKey_IsAccepted()
    {
        var chain = new ChainBuilder(_alice);
        chain.Genesis();
        chain.Append(new KeyRotated(_next.Id).ToDraft());
        chain.Key = _next;
        var head = Accepted(chain.Head, chain.Draft(new KeyCompromised(_alice.Id, LastValidSeq: 1).ToDraft()));
        Assert.Equal(_next.Id, head.CurrentKey);
    }

    [Fact]
    public void Next_KeyCompromisedOfAKeyTheStreamNeverUsed_IsInvalidData()
    {
        var chain = new ChainBuilder(_alice);
        chain.Genesis();
        Refused(chain.Head, chain.Draft(new KeyCompromised(_bob.Id, LastValidSeq: 1).ToDraft()), ViolationCode.InvalidData);
    }

    [Fact]
    public void Next_KeyCompromisedOfItsOwnSigner_IsInvalidData()
    {
        var chain = new ChainBuilder(_alice);
        chain.Genesis(recoveryKey: _recovery.Id);
        Refused(chain.Head, chain.Draft(new KeyCompromised(_alice.Id, LastValidSeq: 1).ToDraft(), by: _alice), ViolationCode.InvalidData);
    }

    [Theory]
    [InlineData(3, false)]
    [InlineData(4, false)]
    [InlineData(-1, false)]
    [InlineData(2, true)]
    [InlineData(0, true)]
    public void Next_KeyCompromisedLastValidSeq_MustBeBeforeTheEvent(long lastValidSeq, bool accepted)
    {
        var chain = new ChainBuilder(_alice);
        chain.Genesis(recoveryKey: _recovery.Id);
        chain.Append(ChainBuilder.Note());
        var e = chain.Draft(new KeyCompromised(_alice.Id, lastValidSeq).ToDraft(), by: _recovery); // seq 3
        if (accepted) Accepted(chain.Head, e);
        else Refused(chain.Head, e, ViolationCode.InvalidData);
    }
}
