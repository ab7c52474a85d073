using System.Runtime.CompilerServices;
using System.Text;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Tests.Ledger;
using Xunit;

namespace CreatorLedger.Tests.Store;

/// <summary>
/// One append taken in batches as they become ready (what an import writes while it verifies the lines after): written
/// whole, in order, or not at all, and never in the way of the store's readers.
/// </summary>
public abstract partial class EventStoreContract
{
    // A hang is a failure here: an append that waits for itself would never end.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static async IAsyncEnumerable<IReadOnlyList<StreamAppend>> Batches(IEnumerable<IReadOnlyList<StreamAppend>> batches,
        Func<int, Task>? before = null, Exception? thenFail = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        int n = 0;
        foreach (var batch in batches)
        {
            if (before is not null) await before(n);
            n++;
            yield return batch;
        }
        if (thenFail is not null) throw thenFail;
    }

    [Fact]
    public async Task AppendAsOne_BatchesAsTheyArrive_AreOneAppendInOrder_AndReadersSeeNothingUntilTheCommit()
    {
        using var store = CreateStore();
        using var other = OpenAgain(store);
        var alice = new ChainBuilder(SigningKey.Generate());
        var bob = new ChainBuilder(SigningKey.Generate());
        await store.AppendAsync(alice.Stream, ExpectedRevision.NoStream, [alice.Genesis()]);
        var stored = await store.HeadAsync();
        IReadOnlyList<StreamAppend>[] batches =
        [
            [new StreamAppend(alice.Stream, ExpectedRevision.Exactly(1), [alice.Append(ChainBuilder.Note("1"))]),
             new StreamAppend(bob.Stream, ExpectedRevision.NoStream, [bob.Genesis()])],
            [new StreamAppend(bob.Stream, ExpectedRevision.Exactly(1), [bob.Append(ChainBuilder.Note("2"))]),
             new StreamAppend(alice.Stream, ExpectedRevision.Exactly(2), [alice.Append(ChainBuilder.Note("3")), alice.Append(ChainBuilder.Note("4"))])],
        ];

        var result = await store.AppendAsOneAsync(Batches(batches, async n =>
        {
            if (n == 0) return;
            // Between batches (the first may be written, uncommitted): both handles read the store as it was.
            Assert.Equal(stored, await store.HeadAsync().WaitAsync(Patience));
            Assert.Equal(stored, await other.HeadAsync().WaitAsync(Patience));
            Assert.Null(await other.GetStreamHeadAsync(bob.Stream).WaitAsync(Patience));
            Assert.Null(await store.FindAsync(alice.Stream, 2).WaitAsync(Patience));
        })).WaitAsync(Patience);

        Assert.Equal((2L, 6L), (result!.FirstPosition, result.LastPosition));
        var ids = new[] { alice.Events[0], alice.Events[1], bob.Events[0], bob.Events[1], alice.Events[2], alice.Events[3] }.Select(e => e.Id).ToList();
        Assert.Equal(ids, (await ReadAll(other)).Select(e => e.Id));
        Assert.Equal(MerkleTree.CheckpointOf(ids), result.Head);
        Assert.Equal(result.Head, await other.HeadAsync());
        Assert.Equal(4, (await other.GetStreamHeadAsync(alice.Stream))!.Seq);
        Assert.Null(await store.AppendAsOneAsync(Batches([[]])));
    }

    [Fact]
    public async Task AppendAsOne_EndingInAnException_WritesNothing_AndTheNextAppendGoesOn()
    {
        using var store = CreateStore();
        var alice = new ChainBuilder(SigningKey.Generate());
        await store.AppendAsync(alice.Stream, ExpectedRevision.NoStream, [alice.Genesis()]);
        var head = await store.HeadAsync();
        var notes = Enumerable.Range(0, 300).Select(i => alice.Append(ChainBuilder.Note($"note {i}"))).ToList();
        IReadOnlyList<StreamAppend>[] batches = [.. notes.Chunk(100).Select(c => (IReadOnlyList<StreamAppend>)
            [new StreamAppend(alice.Stream, ExpectedRevision.Exactly(c[0].Seq - 1), c)])];

        // Three batches taken (written ahead where the store can), then the source fails, as a file that cannot be read on would.
        var failure = await Assert.ThrowsAsync<IOException>(() => store.AppendAsOneAsync(Batches(batches, thenFail: new IOException("gone"))).WaitAsync(Patience));
        Assert.Equal("gone", failure.Message);
        Assert.Equal(head, await store.HeadAsync());
        using (var other = OpenAgain(store)) Assert.Equal(1, (await other.GetStreamHeadAsync(alice.Stream))!.Seq);

        // A batch the rules refuse (a gap after the first, written one) leaves nothing too.
        IReadOnlyList<StreamAppend>[] gap = [batches[0], batches[2]];
        await Assert.ThrowsAsync<WrongExpectedRevisionException>(() => store.AppendAsOneAsync(Batches(gap)).WaitAsync(Patience));
        Assert.Equal(head, await store.HeadAsync());

        // The lock is free and the heads this handle remembers did not move: the first note is still seq 2.
        await store.AppendAsync(alice.Stream, ExpectedRevision.Exactly(1), [notes[0]]).WaitAsync(Patience);
        Assert.Equal(2, (await store.HeadAsync()).Size);
    }

    /// <summary>An author's genesis and <paramref name="notes"/> notes, as JSON Lines numbered from 1.</summary>
    private static List<(long Line, byte[] Bytes)> LongChain(int notes)
    {
        var alice = new ChainBuilder(SigningKey.Generate());
        alice.Genesis();
        for (int i = 0; i < notes; i++) alice.Append(ChainBuilder.Note($"note {i}"));
        return [.. alice.Events.Select((e, i) => ((long)i + 1, e.Bytes))];
    }

    [Theory]
    [InlineData("signature")]
    [InlineData("gap")]
    public async Task Import_ABadLineChunksAfterTheFirst_RefusesTheWholeFile_AndWritesNothing(string damage)
    {
        using var store = CreateStore();
        var lines = LongChain(LedgerImport.Chunk + 500);
        const int bad = LedgerImport.Chunk + 300;
        if (damage == "signature")
            lines[bad - 1] = (bad, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(lines[bad - 1].Bytes).Replace($"note {bad - 2}", $"note {bad - 2}!")));
        else
            lines.RemoveAt(bad - 1);

        var e = await Assert.ThrowsAsync<EventRejectedException>(() => LedgerImport.ImportAsync(store, lines, Clock).WaitAsync(Patience));
        Assert.Equal(damage == "signature" ? ViolationCode.BadSignature : ViolationCode.SeqGap, e.Violation.Code);
        Assert.Equal(damage == "signature" ? bad : bad + 1, e.Line);
        Assert.Equal(Checkpoint.Empty, await store.HeadAsync());
        using var other = OpenAgain(store);
        Assert.Empty(await ReadAll(other));
    }

    [Fact]
    public async Task Import_OfAFileThatCannotBeReadToItsEnd_WritesNothing()
    {
        using var store = CreateStore();
        var lines = LongChain(LedgerImport.Chunk * 2);
        IEnumerable<(long, byte[])> FailingAfterTwoChunks()
        {
            foreach (var line in lines.Take(LedgerImport.Chunk * 2)) yield return line;
            throw new IOException("the disk went away");
        }

        await Assert.ThrowsAsync<IOException>(() => LedgerImport.ImportAsync(store, FailingAfterTwoChunks(), Clock).WaitAsync(Patience));
        Assert.Equal(Checkpoint.Empty, await store.HeadAsync());
        // The whole file, read to its end, imports in the same order.
        var outcome = await LedgerImport.ImportAsync(store, lines, Clock);
        Assert.Equal(lines.Count, outcome.Imported);
        Assert.Equal(MerkleTree.CheckpointOf(lines.Select(l => SignedEvent.Parse(l.Bytes).Id)), outcome.Head);
    }
}
