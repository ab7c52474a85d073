using System.Text;
using CreatorLedger.Identity;
using CreatorLedger.Transparency;
using CreatorLedger.Witness;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CreatorLedger.Tests.Transparency;

/// <summary>The witnessing rules (<see cref="CheckpointWitness"/>) without HTTP: the spec's edge cases and the state's atomicity.</summary>
public sealed class WitnessRulesTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);

    private readonly TempDirectory _directory = new();
    private readonly TestLog _log = new();
    private readonly SigningKey _key = SigningKey.FromSeed(Enumerable.Repeat((byte)0x44, 32).ToArray());
    private readonly FakeTimeProvider _time = new(Now);
    private readonly WitnessState _state;
    private readonly NoteSigner _signer;

    public WitnessRulesTests()
    {
        _state = WitnessState.Open(_directory.File("state.db"));
        _signer = new NoteSigner("witness.example/rules", _key);
    }

    public void Dispose()
    {
        _state.Dispose();
        _key.Dispose();
        _log.Dispose();
        _directory.Dispose();
    }

    private CheckpointWitness Witness(Action? beforeWrite = null, params WitnessedLog[] logs) =>
        new(_signer, logs.Length > 0 ? logs : [new WitnessedLog(_log.Origin, [_log.Key])], _state, _time, beforeWrite);

    private static byte[] Body(long oldSize, IReadOnlyList<byte[]> proof, SignedNote note) => AddCheckpointRequest.Create(oldSize, proof, note).ToBytes();

    [Fact]
    public void AddCheckpoint_EmptyTreeFromZero_Cosigns()
    {
        var outcome = Witness().AddCheckpoint(Body(0, [], _log.Checkpoint(0)));
        Assert.Equal(WitnessVerdict.Cosigned, outcome.Verdict);
        Assert.Equal(0, outcome.LatestSize);
        Assert.NotNull(Witness().Latest(_log.Origin));
    }

    [Fact]
    public void AddCheckpoint_SizeZeroWithAnotherRoot_IsInconsistent()
    {
        var note = _log.Signer.SignNote(new CheckpointBody(_log.Origin, 0, new byte[32]).Format());
        var outcome = Witness().AddCheckpoint(Body(0, [], note));
        Assert.Equal(WitnessVerdict.Inconsistent, outcome.Verdict);
        Assert.Contains("empty tree", outcome.Problem);
    }

    [Fact]
    public void AddCheckpoint_OldSizeZeroWithAProof_IsInconsistent()
    {
        _log.Grow(4);
        var outcome = Witness().AddCheckpoint(Body(0, _log.Proof(2, 4), _log.Checkpoint()));
        Assert.Equal(WitnessVerdict.Inconsistent, outcome.Verdict);
        Assert.Contains("old size 0 takes an empty consistency proof", outcome.Problem);
        Assert.Null(Witness().Latest(_log.Origin));
    }

    [Fact]
    public void AddCheckpoint_EqualSizesWithAProof_IsInconsistent()
    {
        _log.Grow(4);
        var witness = Witness();
        Assert.Equal(WitnessVerdict.Cosigned, witness.AddCheckpoint(Body(0, [], _log.Checkpoint())).Verdict);
        Assert.Equal(WitnessVerdict.Inconsistent, witness.AddCheckpoint(Body(4, _log.Proof(2, 4), _log.Checkpoint())).Verdict);
    }

    [Fact]
    public void AddCheckpoint_Cosigned_TimestampIsTheClocksTimeInSeconds()
    {
        _log.Grow(3);
        _time.Advance(TimeSpan.FromMilliseconds(999));
        var outcome = Witness().AddCheckpoint(Body(0, [], _log.Checkpoint()));
        Assert.True(Cosignature.TryFrom(outcome.Cosignature!, out var cosignature));
        Assert.Equal((ulong)Now.ToUnixTimeSeconds(), cosignature.Timestamp);
        Assert.True(cosignature.Verify(_signer.CosignerKey, _log.Body(3)));
    }

    [Fact]
    public void AddCheckpoint_ClockAtTheEpoch_RefusesToCosignWithTimestampZero()
    {
        _log.Grow(1);
        var epoch = new CheckpointWitness(_signer, [new WitnessedLog(_log.Origin, [_log.Key])], _state, new FakeTimeProvider(DateTimeOffset.UnixEpoch));
        Assert.Throws<InvalidOperationException>(() => epoch.AddCheckpoint(Body(0, [], _log.Checkpoint())));
        Assert.Null(Witness().Latest(_log.Origin));
    }

    [Fact]
    public void AddCheckpoint_ExtraSignatureByAnUnknownKey_IsIgnoredAndNotServed()
    {
        _log.Grow(2);
        using var strangerKey = SigningKey.FromSeed(Enumerable.Repeat((byte)0x55, 32).ToArray());
        var note = _log.Checkpoint().WithSignature(new NoteSigner("stranger.example", strangerKey).Sign(_log.Body(2).Format()));
        var outcome = Witness().AddCheckpoint(Body(0, [], note));
        Assert.Equal(WitnessVerdict.Cosigned, outcome.Verdict);
        var served = Witness().Latest(_log.Origin)!;
        Assert.Equal([_log.Origin, _signer.Name], served.Signatures.Select(s => s.Name));
    }

    [Fact]
    public void AddCheckpoint_OneTrustedKeyVerifiesAnotherFails_IsBadSignature()
    {
        _log.Grow(2);
        using var second = new TestLog(_log.Origin, seed: 0x66);
        var good = _log.Checkpoint();
        var forged = second.Checkpoint(0).Signatures[0]; // a trusted key's signature over other text
        var note = good.WithSignature(forged);
        var outcome = Witness(null, new WitnessedLog(_log.Origin, [_log.Key, second.Key])).AddCheckpoint(Body(0, [], note));
        Assert.Equal(WitnessVerdict.BadSignature, outcome.Verdict);
    }

    [Fact]
    public void AddCheckpoint_SixtyFourProofLines_IsMalformed()
    {
        _log.Grow(2);
        var body = new StringBuilder("old 0\n");
        for (int i = 0; i < 64; i++) body.Append(Convert.ToBase64String(new byte[32])).Append('\n');
        body.Append('\n').Append(_log.Checkpoint());
        var outcome = Witness().AddCheckpoint(Encoding.UTF8.GetBytes(body.ToString()));
        Assert.Equal(WitnessVerdict.Malformed, outcome.Verdict);
        Assert.Contains("more than 63", outcome.Problem);
    }

    [Fact]
    public void AddCheckpoint_FaultBeforeTheWrite_LeavesTheStateAsItWas()
    {
        _log.Grow(5);
        var witness = Witness();
        Assert.Equal(WitnessVerdict.Cosigned, witness.AddCheckpoint(Body(0, [], _log.Checkpoint(3))).Verdict);
        var faulty = Witness(() => throw new IOException("power cut"));
        Assert.Throws<IOException>(() => faulty.AddCheckpoint(Body(3, _log.Proof(3, 5), _log.Checkpoint(5))));
        Assert.Equal(_log.Body(3).Format(), witness.Latest(_log.Origin)!.Text);
        Assert.Equal(WitnessVerdict.Cosigned, witness.AddCheckpoint(Body(3, _log.Proof(3, 5), _log.Checkpoint(5))).Verdict);
    }

    [Fact]
    public void AddCheckpoint_ConcurrentRequestsFromOneSize_OnlyOneMovesTheState()
    {
        _log.Grow(4);
        var witness = Witness();
        Assert.Equal(WitnessVerdict.Cosigned, witness.AddCheckpoint(Body(0, [], _log.Checkpoint())).Verdict);
        _log.Grow(6);
        // The spec's race: A (size 6) and B (size 10), both from 4. One wins; the other meets the new size, never a rollback.
        var outcomes = new[] { 6L, 10L }.AsParallel().Select(size => witness.AddCheckpoint(Body(4, _log.Proof(4, size), _log.Checkpoint(size)))).ToArray();
        Assert.Single(outcomes, o => o.Verdict == WitnessVerdict.Cosigned);
        Assert.Single(outcomes, o => o.Verdict == WitnessVerdict.Conflict);
        var winner = outcomes.Single(o => o.Verdict == WitnessVerdict.Cosigned).LatestSize;
        Assert.Equal(winner, outcomes.Single(o => o.Verdict == WitnessVerdict.Conflict).LatestSize);
    }

    [Fact]
    public void Constructor_OriginListedTwice_Throws()
    {
        var log = new WitnessedLog(_log.Origin, [_log.Key]);
        Assert.Throws<ArgumentException>(() => new CheckpointWitness(_signer, [log, log], _state, _time));
    }

    [Fact]
    public void WitnessedLog_WitnessKeyInsteadOfLogKey_Throws() =>
        Assert.Throws<ArgumentException>(() => new WitnessedLog(_log.Origin, [_signer.CosignerKey]));
}
