using System.Text;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Sqlite;
using CreatorLedger.Tests.Ledger;
using CreatorLedger.Tests.Vectors;
using CreatorLedger.Transparency;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CreatorLedger.Tests.Transparency;

/// <summary>The ledger as a transparency log on a real SQLite store: signed checkpoints, cosignatures kept, proofs from tiles.</summary>
public sealed class TransparencyLogTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-06-01T00:00:00Z"));

    public void Dispose() => _directory.Dispose();

    private async Task<SqliteEventStore> VectorStore()
    {
        var store = SqliteEventStore.Open(_directory.File("vectors.db"), _clock);
        await LedgerImport.ImportAsync(store, VectorLedger.Lines.Select((l, i) => ((long)i + 1, Encoding.UTF8.GetBytes(l))).ToList(), _clock);
        return store;
    }

    [Fact]
    public async Task Publish_VectorLedgerWithTheVectorKey_ReproducesTheIndependentNoteByteForByte()
    {
        using var store = await VectorStore();
        using var key = CheckpointVectors.LogSigningKey();
        var signed = await new TransparencyLog(store).PublishAsync(key, CheckpointVectors.LogName);
        Assert.Equal(CheckpointVectors.Checkpoint("12").Text("signedNote"), signed.Note.ToString());
        Assert.Equal(CheckpointVectors.LogKey, signed.LogKey);
        Assert.Equal(CheckpointVectors.LogName, await store.OriginAsync());
    }

    [Fact]
    public async Task InclusionProof_WithTheVectorCosignature_IsTheIndependentTlogProof()
    {
        using var store = await VectorStore();
        using var key = CheckpointVectors.LogSigningKey();
        var log = new TransparencyLog(store);
        var signed = await log.PublishAsync(key, CheckpointVectors.LogName);
        var cosigned = SignedNote.Parse(CheckpointVectors.Checkpoint("12").Text("cosignedNote"));
        Assert.Equal(1, await log.AddCosignaturesAsync(signed, cosigned.Signatures));
        Assert.Equal(0, await log.AddCosignaturesAsync(signed, cosigned.Signatures));

        var proof = await log.InclusionProofAsync(5);
        var expected = await File.ReadAllTextAsync(CheckpointVectors.File("index-4-size-12.tlog-proof"));
        // Ours carries the event id as its extra data; without it, the file is the vector's.
        Assert.Equal(expected, new TlogProof(proof.Index, proof.Hashes, proof.Note).Format());
        var leaf = MerkleProofs.LeafHash(proof.Extra);
        Assert.True(proof.Verify(leaf, [CheckpointVectors.LogKey]).IsValid);
        Assert.Single((await log.LatestAsync())!.Cosignatures);
    }

    [Fact]
    public async Task Proofs_AtEverySignedSizeAcrossTiles_VerifyWithOnlyTheLogKey()
    {
        using var store = SqliteEventStore.Open(_directory.File("big.db"), _clock);
        var chain = new ChainBuilder(SigningKey.Generate());
        chain.Genesis();
        for (int i = 1; i < 700; i++) chain.Append(ChainBuilder.Note($"n{i}"));
        using var operatorKey = SigningKey.Generate();
        var log = new TransparencyLog(store);
        var sizes = new[] { 1, 255, 256, 257, 513, 700 };
        long written = 0;
        foreach (var size in sizes)
        {
            await store.AppendAsync(chain.Stream, written == 0 ? ExpectedRevision.NoStream : ExpectedRevision.Exactly(written), chain.Events.GetRange((int)written, size - (int)written));
            written = size;
            await log.PublishAsync(operatorKey, written == 1 ? "example.org/big" : null);
        }
        var logKey = (await log.LatestAsync())!.LogKey;
        foreach (var size in sizes)
        {
            foreach (var position in new long[] { 1, 2, size / 2 + 1, size }.Where(p => p <= size).Distinct())
            {
                var proof = await log.InclusionProofAsync(position, size);
                Assert.Equal(chain.Events[(int)position - 1].Id.ToBytes(), proof.Extra.ToArray());
                Assert.True(proof.Verify(MerkleProofs.LeafHash(proof.Extra), [logKey]).IsValid, $"inclusion of {position} at {size}");
                Assert.True(TlogProof.TryParse(proof.Format(), out var parsed, out _));
                Assert.Equal(proof.Format(), parsed!.Format());
            }
            foreach (var old in sizes.Where(s => s <= size))
            {
                var consistency = await log.ConsistencyProofAsync(old, size);
                Assert.Null(consistency.Verify([logKey]));
                Assert.True(ConsistencyProof.TryParse(consistency.Format(), out var parsed, out var problem), problem);
                Assert.Null(parsed!.Verify([logKey]));
            }
        }
        // A hash changed, dropped or added, or an old root that is not the ledger's, is refused.
        var good = await log.ConsistencyProofAsync(257, 700);
        var hashes = good.Hashes.ToList();
        hashes[0][3] ^= 1;
        Assert.NotNull(new ConsistencyProof(257, good.OldRoot, hashes, good.Note).Verify([logKey]));
        Assert.NotNull(new ConsistencyProof(257, good.OldRoot, good.Hashes.Skip(1), good.Note).Verify([logKey]));
        Assert.NotNull(new ConsistencyProof(257, good.OldRoot, [.. good.Hashes, good.Hashes[0]], good.Note).Verify([logKey]));
        Assert.NotNull(new ConsistencyProof(256, good.OldRoot, good.Hashes, good.Note).Verify([logKey]));
        var inclusion = await log.InclusionProofAsync(300, 700);
        var changed = inclusion.Hashes.ToList();
        changed[^1][0] ^= 1;
        Assert.False(new TlogProof(inclusion.Index, changed, inclusion.Note, inclusion.Extra).Verify(MerkleProofs.LeafHash(inclusion.Extra), [logKey]).IsValid);
        Assert.False(inclusion.Verify(MerkleProofs.LeafHash(chain.Events[300].Id.ToBytes()), [logKey]).IsValid);
    }

    [Fact]
    public async Task Publish_WithoutOriginFirst_OtherOriginOrOtherKeyLater_IsRefusedAndNothingKept()
    {
        using var store = await VectorStore();
        using var key = CheckpointVectors.LogSigningKey();
        using var other = SigningKey.Generate();
        var log = new TransparencyLog(store);
        Assert.Equal(TransparencyProblem.OriginRequired, (await Assert.ThrowsAsync<TransparencyException>(() => log.PublishAsync(key))).Problem);
        Assert.Equal(TransparencyProblem.OriginRequired, (await Assert.ThrowsAsync<TransparencyException>(() => log.PublishAsync(key, "has space"))).Problem);
        await log.PublishAsync(key, CheckpointVectors.LogName);
        Assert.Equal(TransparencyProblem.OriginMismatch, (await Assert.ThrowsAsync<TransparencyException>(() => log.PublishAsync(key, "example.org/elsewhere"))).Problem);
        Assert.Equal(TransparencyProblem.LogKeyMismatch, (await Assert.ThrowsAsync<TransparencyException>(() => log.PublishAsync(other))).Problem);
        Assert.Single(await log.AllAsync());
        Assert.Equal(TransparencyProblem.OutOfRange, (await Assert.ThrowsAsync<TransparencyException>(() => log.InclusionProofAsync(13))).Problem);
        Assert.Equal(TransparencyProblem.CheckpointNotSigned, (await Assert.ThrowsAsync<TransparencyException>(() => log.InclusionProofAsync(1, 5))).Problem);
        Assert.Equal(TransparencyProblem.OutOfRange, (await Assert.ThrowsAsync<TransparencyException>(() => log.ConsistencyProofAsync(13))).Problem);
    }
}
