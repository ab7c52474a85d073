using System.Text;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Tests.Ledger;
using CreatorLedger.Tests.Vectors;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CreatorLedger.Tests.Store;

/// <summary>
/// The store contract of DESIGN §7, written once. Every store (SQLite, PostgreSQL, EventStoreDB) runs it by deriving a
/// class that says how to open a fresh store, a second handle on the same store, and another ledger on the same server.
/// </summary>
public abstract partial class EventStoreContract : IDisposable
{
    protected FakeTimeProvider Clock { get; } = new(DateTimeOffset.Parse("2026-06-01T00:00:00Z"));

    /// <summary>A new, empty store.</summary>
    protected abstract IEventStore CreateStore();

    /// <summary>Another handle on the same store, as a second process would have.</summary>
    protected abstract IEventStore OpenAgain(IEventStore store);

    /// <summary>
    /// Another ledger kept by the same server (or folder) as <paramref name="store"/>, named after it and
    /// <paramref name="name"/>: another file, another database, another ledger name. It must never see the store's events.
    /// </summary>
    protected abstract IEventStore OpenOtherLedger(IEventStore store, string name);

    /// <summary>What the store's own clock reads now: the one it records appends with (a server's, where the server records).</summary>
    protected virtual DateTimeOffset StoreNow() => Clock.GetUtcNow();

    public abstract void Dispose();

    private static (ChainBuilder Chain, SigningKey Key) NewAuthor()
    {
        var key = SigningKey.Generate();
        return (new ChainBuilder(key), key);
    }

    protected static async Task<List<RecordedEvent>> ReadAll(IEventStore store, long from = 1)
    {
        var list = new List<RecordedEvent>();
        await foreach (var e in store.ReadAllAsync(from)) list.Add(e);
        return list;
    }

    [Fact]
    public async Task Append_NewStream_AssignsGapFreePositionsFromOne()
    {
        using var store = CreateStore();
        var (chain, _) = NewAuthor();
        chain.Genesis();
        for (int i = 0; i < 4; i++) chain.Append(ChainBuilder.Note($"n{i}"));
        var result = await store.AppendAsync(chain.Stream, ExpectedRevision.NoStream, chain.Events);
        Assert.Equal(1, result.FirstPosition);
        Assert.Equal(5, result.LastPosition);
        var read = await ReadAll(store);
        Assert.Equal([1L, 2, 3, 4, 5], read.Select(e => e.Position));
        Assert.Equal(chain.Events.Select(e => e.Id), read.Select(e => e.Id));
        Assert.Equal(MerkleTree.CheckpointOf(chain.Events.Select(e => e.Id)), await store.HeadAsync());
    }

    [Fact]
    public async Task Append_WrongExpectedRevision_ThrowsWithEvidenceAndWritesNothing()
    {
        using var store = CreateStore();
        var (chain, _) = NewAuthor();
        chain.Genesis();
        await store.AppendAsync(chain.Stream, ExpectedRevision.NoStream, chain.Events);
        var next = chain.Append(ChainBuilder.Note());
        var e = await Assert.ThrowsAsync<WrongExpectedRevisionException>(() => store.AppendAsync(chain.Stream, ExpectedRevision.Exactly(5), [next]));
        Assert.Equal(chain.Stream, e.Stream);
        Assert.Equal(ExpectedRevision.Exactly(5), e.Expected);
        Assert.Equal(1, e.Actual);
        await Assert.ThrowsAsync<WrongExpectedRevisionException>(() => store.AppendAsync(chain.Stream, ExpectedRevision.NoStream, [next]));
        Assert.Equal(1, (await store.HeadAsync()).Size);
    }

    [Fact]
    public async Task Append_BatchWithOneForgedSignature_WritesNothing()
    {
        using var store = CreateStore();
        var (chain, _) = NewAuthor();
        chain.Genesis();
        for (int i = 0; i < 99; i++) chain.Append(ChainBuilder.Note($"n{i}"));
        var events = chain.Events.ToList();
        var forged = Encoding.UTF8.GetString(events[50].Bytes).Replace("\"n49\"", "\"n4X\"");
        events[50] = SignedEvent.Parse(Encoding.UTF8.GetBytes(forged));
        var e = await Assert.ThrowsAsync<EventRejectedException>(() => store.AppendAsync(chain.Stream, ExpectedRevision.NoStream, events));
        Assert.Equal(ViolationCode.BadSignature, e.Violation.Code);
        Assert.Equal(Checkpoint.Empty, await store.HeadAsync());
        Assert.Empty(await ReadAll(store));
    }

    [Fact]
    public async Task Append_BatchBreakingTheChain_WritesNothing()
    {
        using var store = CreateStore();
        var (chain, _) = NewAuthor();
        chain.Genesis();
        chain.Append(ChainBuilder.Note("a"));
        var skipped = chain.Draft(ChainBuilder.Note("gap"), seq: 4);
        var e = await Assert.ThrowsAsync<EventRejectedException>(() =>
            store.AppendAsync(chain.Stream, ExpectedRevision.NoStream, [.. chain.Events, skipped]));
        Assert.Equal(ViolationCode.SeqGap, e.Violation.Code);
        Assert.Equal(Checkpoint.Empty, await store.HeadAsync());
    }

    [Fact]
    public async Task Append_SeveralStreamsOneFailing_WritesNothing()
    {
        using var store = CreateStore();
        var (alice, _) = NewAuthor();
        var (bob, _) = NewAuthor();
        alice.Genesis();
        bob.Genesis();
        await Assert.ThrowsAsync<WrongExpectedRevisionException>(() => store.AppendAsync(
        [
            new StreamAppend(alice.Stream, ExpectedRevision.NoStream, alice.Events),
            new StreamAppend(bob.Stream, ExpectedRevision.Exactly(3), bob.Events),
        ]));
        Assert.Equal(Checkpoint.Empty, await store.HeadAsync());
        var ok = await store.AppendAsync(
        [
            new StreamAppend(alice.Stream, ExpectedRevision.NoStream, alice.Events),
            new StreamAppend(bob.Stream, ExpectedRevision.NoStream, bob.Events),
        ]);
        Assert.Equal(2, ok.LastPosition);
    }

    [Fact]
    public async Task Append_TimeMoreThanFiveMinutesAhead_IsRefused()
    {
        using var store = CreateStore();
        var key = SigningKey.Generate();
        var now = LedgerTime.From(Clock.GetUtcNow());
        var chain = new ChainBuilder(key, now.AddMilliseconds(5 * 60 * 1000 + 1));
        chain.Genesis();
        var e = await Assert.ThrowsAsync<EventRejectedException>(() => store.AppendAsync(chain.Stream, ExpectedRevision.NoStream, chain.Events));
        Assert.Equal(ViolationCode.TimeInFuture, e.Violation.Code);
        var onTime = new ChainBuilder(key, now.AddMilliseconds(5 * 60 * 1000));
        onTime.Genesis();
        await store.AppendAsync(onTime.Stream, ExpectedRevision.NoStream, onTime.Events);
    }

    [Fact]
    public async Task ReadStreamAndFromPosition_ReturnOnlyWhatWasAsked()
    {
        using var store = CreateStore();
        var (alice, _) = NewAuthor();
        var (bob, _) = NewAuthor();
        alice.Genesis();
        bob.Genesis();
        await store.AppendAsync(alice.Stream, ExpectedRevision.NoStream, alice.Events);
        await store.AppendAsync(bob.Stream, ExpectedRevision.NoStream, bob.Events);
        var more = alice.Append(ChainBuilder.Note());
        await store.AppendAsync(alice.Stream, ExpectedRevision.Exactly(1), [more]);

        var stream = new List<RecordedEvent>();
        await foreach (var e in store.ReadStreamAsync(alice.Stream)) stream.Add(e);
        Assert.Equal([1L, 2], stream.Select(e => e.Event.Seq));
        Assert.Equal([1L, 3], stream.Select(e => e.Position));
        Assert.Equal([2L, 3], (await ReadAll(store, 2)).Select(e => e.Position));
        Assert.Equal(more.Id, (await store.FindAsync(alice.Stream, 2))!.Id);
        Assert.Null(await store.FindAsync(alice.Stream, 3));
        Assert.Null(await store.FindAsync(SigningKey.Generate().Id, 1));
        var head = await store.GetStreamHeadAsync(alice.Stream);
        Assert.Equal(2, head!.Seq);
        Assert.Equal(more.Id, head.LastId);
        Assert.Null(await store.GetStreamHeadAsync(SigningKey.Generate().Id));
    }

    [Fact]
    public async Task SecondHandle_SeesTheOtherWritersAppends_AndKeepsTheChain()
    {
        using var first = CreateStore();
        using var second = OpenAgain(first);
        var key = SigningKey.Generate();
        await Author.CreateIdentityAsync(first, key, new IdentityCreated("Alice", "creator"), Clock);
        var a = new Author(first, key.Id, key, Clock);
        var b = new Author(second, key.Id, key, Clock);
        await a.AppendAsync(ChainBuilder.Note("from a"));
        await b.AppendAsync(ChainBuilder.Note("from b"));
        await a.AppendAsync(ChainBuilder.Note("from a again"));
        var report = await LedgerVerifier.VerifyAsync(second);
        Assert.True(report.IsValid, string.Join("; ", report.Problems));
        Assert.Equal(4, report.Events);
        Assert.Equal(await first.HeadAsync(), await second.HeadAsync());
    }

    [Fact]
    public async Task StreamHeads_OfAHandleThatWroteEveryEvent_AreReadAgainOnceAnotherWriterAppends()
    {
        using var first = CreateStore();
        using var second = OpenAgain(first);
        var alice = new ChainBuilder(SigningKey.Generate());
        var bob = new ChainBuilder(SigningKey.Generate());
        await first.AppendAsync(alice.Stream, ExpectedRevision.NoStream, [alice.Genesis()]);
        // The first handle wrote the whole ledger: it answers from what it remembers.
        var heads = await first.GetStreamHeadsAsync([alice.Stream, bob.Stream]);
        Assert.Equal(1, heads[alice.Stream]!.Seq);
        Assert.Null(heads[bob.Stream]);

        // Another writer starts bob's stream and continues alice's.
        await second.AppendAsync(bob.Stream, ExpectedRevision.NoStream, [bob.Genesis()]);
        var bySecond = alice.Append(ChainBuilder.Note("by the second handle"));
        await second.AppendAsync(alice.Stream, ExpectedRevision.Exactly(1), [bySecond]);
        heads = await first.GetStreamHeadsAsync([alice.Stream, bob.Stream]);
        Assert.Equal((2L, bySecond.Id), (heads[alice.Stream]!.Seq, heads[alice.Stream]!.LastId));
        Assert.Equal(1, heads[bob.Stream]!.Seq);

        // An import and an append through the first handle continue both chains where the other writer left them.
        var imported = new[] { alice.Append(ChainBuilder.Note("imported")), bob.Append(ChainBuilder.Note("imported")) };
        var outcome = await LedgerImport.ImportAsync(first, imported.Select((e, i) => ((long)i + 1, e.Bytes)), Clock);
        Assert.Equal(2, outcome.Imported);
        await first.AppendAsync(bob.Stream, ExpectedRevision.Exactly(2), [bob.Append(ChainBuilder.Note("appended"))]);
        // A second genesis of bob's stream is refused: the stream is there, though the first handle did not write its start.
        var again = new ChainBuilder(bob.Key);
        await Assert.ThrowsAsync<WrongExpectedRevisionException>(() => first.AppendAsync(bob.Stream, ExpectedRevision.NoStream, [again.Genesis()]));
        var report = await LedgerVerifier.VerifyAsync(first);
        Assert.True(report.IsValid, string.Join("; ", report.Problems));
        Assert.Equal(6, report.Events);
    }

    [Fact]
    public async Task Recorded_IsTheStoresClockAtAppend_NeverTheAuthorsClaim()
    {
        using var store = CreateStore();
        // The author claims a time an hour before the store's clock: what the store records is its own time.
        var chain = new ChainBuilder(SigningKey.Generate(), LedgerTime.From(Clock.GetUtcNow().AddHours(-1)));
        chain.Genesis();
        chain.Append(ChainBuilder.Note("first"));
        var start = LedgerTime.From(StoreNow());
        await store.AppendAsync(chain.Stream, ExpectedRevision.NoStream, chain.Events);
        var middle = LedgerTime.From(StoreNow());
        Clock.Advance(TimeSpan.FromMinutes(2));
        var later = chain.Append(ChainBuilder.Note("later"));
        var beforeLater = LedgerTime.From(StoreNow());
        await store.AppendAsync(chain.Stream, ExpectedRevision.Exactly(2), [later]);
        var end = LedgerTime.From(StoreNow());

        var all = await ReadAll(store);
        var stream = new List<RecordedEvent>();
        await foreach (var e in store.ReadStreamAsync(chain.Stream)) stream.Add(e);
        var found = new List<RecordedEvent>();
        for (long seq = 1; seq <= 3; seq++) found.Add((await store.FindAsync(chain.Stream, seq))!);
        foreach (var read in new[] { all, stream, found })
        {
            Assert.Equal(3, read.Count);
            foreach (var e in read) Assert.NotEqual(e.Event.At, e.Recorded);
            Assert.InRange(read[0].Recorded.UnixMilliseconds, start.UnixMilliseconds, middle.UnixMilliseconds);
            Assert.InRange(read[1].Recorded.UnixMilliseconds, start.UnixMilliseconds, middle.UnixMilliseconds);
            Assert.InRange(read[2].Recorded.UnixMilliseconds, beforeLater.UnixMilliseconds, end.UnixMilliseconds);
            Assert.Equal(all.Select(e => e.Recorded), read.Select(e => e.Recorded));
        }
    }

    [Fact]
    public async Task RacingWriters_OneWins_TheOtherIsToldTheStreamsRealRevision()
    {
        using var first = CreateStore();
        using var second = OpenAgain(first);
        var key = SigningKey.Generate();
        var chain = new ChainBuilder(key);
        chain.Genesis();
        await first.AppendAsync(chain.Stream, ExpectedRevision.NoStream, chain.Events);
        var last = chain.Events[0].Id;
        const int Rounds = 12;
        for (long seq = 2; seq < 2 + Rounds; seq++)
        {
            // Two writers of one identity both saw the stream at seq - 1, and append a different event there at once.
            var mine = chain.Draft(ChainBuilder.Note($"a{seq}"), seq: seq, prev: last);
            var theirs = chain.Draft(ChainBuilder.Note($"b{seq}"), seq: seq, prev: last);
            var expected = ExpectedRevision.Exactly(seq - 1);
            var attempts = await Task.WhenAll(
                Task.Run(() => Attempt(first, mine, expected)),
                Task.Run(() => Attempt(second, theirs, expected)));
            Assert.Single(attempts, a => a is null);
            var lost = Assert.Single(attempts, a => a is not null)!;
            Assert.Equal(chain.Stream, lost.Stream);
            Assert.Equal(expected, lost.Expected);
            Assert.Equal(seq, lost.Actual);
            last = (await first.GetStreamHeadAsync(chain.Stream))!.LastId;
            Assert.Contains(last, new[] { mine.Id, theirs.Id });
        }
        var report = await LedgerVerifier.VerifyAsync(second);
        Assert.True(report.IsValid, string.Join("; ", report.Problems));
        Assert.Equal(1 + Rounds, report.Events);

        static async Task<WrongExpectedRevisionException?> Attempt(IEventStore store, SignedEvent e, ExpectedRevision expected)
        {
            try
            {
                await store.AppendAsync(e.Stream, expected, [e]);
                return null;
            }
            catch (WrongExpectedRevisionException lost)
            {
                return lost;
            }
        }
    }

    [Fact]
    public async Task LedgersOnOneServer_EachSeeOnlyTheirOwnEvents()
    {
        using var store = CreateStore();
        // "b" and "b-c": one name is the other's start, as "ledger" and "ledger-test" would be.
        using var other = OpenOtherLedger(store, "b");
        using var longer = OpenOtherLedger(store, "b-c");
        var ledgers = new[] { store, other, longer };
        var authors = new List<ChainBuilder>();
        for (int i = 0; i < ledgers.Length; i++)
        {
            var chain = new ChainBuilder(SigningKey.Generate());
            chain.Genesis();
            for (int n = 0; n <= i; n++) chain.Append(ChainBuilder.Note($"ledger {i}, note {n}"));
            await ledgers[i].AppendAsync(chain.Stream, ExpectedRevision.NoStream, chain.Events);
            authors.Add(chain);
        }
        for (int i = 0; i < ledgers.Length; i++)
        {
            var read = await ReadAll(ledgers[i]);
            Assert.Equal(authors[i].Events.Select(e => e.Id), read.Select(e => e.Id));
            Assert.Equal(MerkleTree.CheckpointOf(authors[i].Events.Select(e => e.Id)), await ledgers[i].HeadAsync());
            for (int j = 0; j < ledgers.Length; j++)
            {
                if (j == i) continue;
                Assert.Null(await ledgers[i].GetStreamHeadAsync(authors[j].Stream));
                Assert.Null(await ledgers[i].FindAsync(authors[j].Stream, 1));
                await foreach (var e in ledgers[i].ReadStreamAsync(authors[j].Stream)) Assert.Fail($"ledger {i} holds {e} of ledger {j}");
            }
        }
    }

    /// <summary>Lines of a vector file as an import takes them: numbered from 1, as UTF-8.</summary>
    private static List<(long Line, byte[] Bytes)> Numbered(IEnumerable<string> lines) =>
        [.. lines.Select((l, i) => ((long)i + 1, Encoding.UTF8.GetBytes(l)))];

    [Fact]
    public async Task Import_VectorLedger_KeepsBytesAndReproducesEveryCheckpoint()
    {
        using var store = CreateStore();
        var lines = Numbered(VectorLedger.Lines);
        var outcome = await LedgerImport.ImportAsync(store, lines, Clock);
        Assert.Equal(12, outcome.Imported);
        var read = await ReadAll(store);
        for (int i = 0; i < read.Count; i++) Assert.Equal(lines[i].Bytes, read[i].Event.Bytes);
        foreach (var (size, checkpoint) in VectorLedger.Checkpoints)
            Assert.Equal(checkpoint, MerkleTree.CheckpointOf(read.Take((int)size).Select(e => e.Id)).ToString());
        Assert.Equal(VectorLedger.Checkpoints.Last().Checkpoint, (await store.HeadAsync()).ToString());
    }

    [Fact]
    public async Task Import_Twice_IsANoOp()
    {
        using var store = CreateStore();
        var lines = Numbered(VectorLedger.Lines);
        await LedgerImport.ImportAsync(store, lines, Clock);
        var again = await LedgerImport.ImportAsync(store, lines, Clock);
        Assert.Equal(0, again.Imported);
        Assert.Equal(12, again.AlreadyPresent);
        Assert.Equal(12, (await store.HeadAsync()).Size);
    }

    [Theory]
    [InlineData("bad-signature.jsonl", 4, ViolationCode.BadSignature)]
    [InlineData("bad-missing-event.jsonl", 6, ViolationCode.SeqGap)]
    [InlineData("bad-reordered.jsonl", 4, ViolationCode.SeqGap)]
    [InlineData("bad-fork.jsonl", 13, ViolationCode.Fork)]
    [InlineData("bad-wrong-key.jsonl", 13, ViolationCode.WrongKey)]
    [InlineData("bad-rotated-key.jsonl", 13, ViolationCode.WrongKey)]
    [InlineData("bad-time-backwards.jsonl", 13, ViolationCode.TimeBackwards)]
    [InlineData("bad-non-integer.jsonl", 13, ViolationCode.Malformed)]
    public async Task Import_TamperedVector_IsRefusedWholeAtTheOffendingLine(string file, long line, ViolationCode code)
    {
        using var store = CreateStore();
        var lines = Numbered(TestFiles.VectorLines(file));
        var e = await Assert.ThrowsAsync<EventRejectedException>(() => LedgerImport.ImportAsync(store, lines, Clock));
        Assert.Equal(line, e.Line);
        Assert.Equal(code, e.Violation.Code);
        Assert.Equal(Checkpoint.Empty, await store.HeadAsync());
    }

    [Fact]
    public async Task Import_ListVector_KeepsBytesIdsAndCheckpoint()
    {
        using var store = CreateStore();
        var lines = Numbered(ListVectors.Lines);
        var outcome = await LedgerImport.ImportAsync(store, lines, Clock);
        Assert.Equal(9, outcome.Imported);
        var read = await ReadAll(store);
        for (int i = 0; i < read.Count; i++) Assert.Equal(lines[i].Bytes, read[i].Event.Bytes);
        Assert.Equal(ListVectors.Ids, read.Select(e => e.Id.Hex));
        Assert.Equal(ListVectors.Checkpoint, (await store.HeadAsync()).ToString());
    }

    [Theory]
    [InlineData("bad-list-too-long.jsonl", "works[1000] is one too many")]
    [InlineData("bad-list-empty.jsonl", "\"works\" is empty")]
    [InlineData("bad-list-duplicate.jsonl", "works[1] repeats works[0]")]
    [InlineData("bad-list-malformed-entry.jsonl", "works[1]: \"work\" must be sha256:")]
    [InlineData("bad-list-and-single.jsonl", "both \"work\" and \"works\"")]
    public async Task Import_BadListVector_IsRefusedWholeNamingTheEntry(string file, string named)
    {
        using var store = CreateStore();
        var lines = Numbered(TestFiles.VectorLines(Path.Combine("list", file)));
        var e = await Assert.ThrowsAsync<EventRejectedException>(() => LedgerImport.ImportAsync(store, lines, Clock));
        Assert.Equal(2, e.Line);
        Assert.Equal(ViolationCode.InvalidData, e.Violation.Code);
        Assert.Contains(named, e.Message);
        Assert.Equal(Checkpoint.Empty, await store.HeadAsync());
    }

    [Theory]
    [InlineData("bad-list-too-long.jsonl", "works[1000] is one too many")]
    [InlineData("bad-list-empty.jsonl", "\"works\" is empty")]
    [InlineData("bad-list-duplicate.jsonl", "works[1] repeats works[0]")]
    [InlineData("bad-list-malformed-entry.jsonl", "works[1]: \"work\" must be sha256:")]
    [InlineData("bad-list-and-single.jsonl", "both \"work\" and \"works\"")]
    public async Task Append_BadList_IsRefusedAndNothingIsWritten(string file, string named)
    {
        using var store = CreateStore();
        var events = TestFiles.VectorLines(Path.Combine("list", file)).Select(l => SignedEvent.Parse(Encoding.UTF8.GetBytes(l))).ToList();
        await store.AppendAsync(events[0].Stream, ExpectedRevision.NoStream, [events[0]]);
        var head = await store.HeadAsync();
        var e = await Assert.ThrowsAsync<EventRejectedException>(() => store.AppendAsync(events[1].Stream, ExpectedRevision.Exactly(1), [events[1]]));
        Assert.Equal(ViolationCode.InvalidData, e.Violation.Code);
        Assert.Contains(named, e.Message);
        Assert.Equal(head, await store.HeadAsync());
    }

    [Fact]
    public async Task Import_ForkOfAStoredStream_IsRefusedAndNothingChanges()
    {
        using var store = CreateStore();
        var good = Numbered(VectorLedger.Lines);
        await LedgerImport.ImportAsync(store, good, Clock);
        var head = await store.HeadAsync();
        var fork = TestFiles.VectorLines("bad-fork.jsonl").Skip(12).Select(l => (13L, Encoding.UTF8.GetBytes(l))).ToList();
        var e = await Assert.ThrowsAsync<EventRejectedException>(() => LedgerImport.ImportAsync(store, fork, Clock));
        Assert.Equal(ViolationCode.Fork, e.Violation.Code);
        Assert.Equal(head, await store.HeadAsync());
    }

    /// <summary>RFC 9162 §2.1.1 written out recursively over leaf hashes, as the reference the tiles must agree with.</summary>
    private static byte[] Mth(IReadOnlyList<byte[]> leaves, int start, int end)
    {
        if (end - start == 1) return leaves[start];
        int k = 1;
        while (k * 2 < end - start) k *= 2;
        return MerkleTree.NodeHash(Mth(leaves, start, start + k), Mth(leaves, start + k, end));
    }

    /// <summary>600 events appended in batches of 100, so that tiles of 256 are completed across appends.</summary>
    private static async Task<List<EventId>> AppendSixHundred(IEventStore store)
    {
        var (chain, _) = NewAuthor();
        chain.Genesis();
        for (int i = 1; i < 600; i++) chain.Append(ChainBuilder.Note($"n{i}"));
        for (int i = 0; i < 600; i += 100)
            await store.AppendAsync(chain.Stream, i == 0 ? ExpectedRevision.NoStream : ExpectedRevision.Exactly(i), chain.Events.GetRange(i, 100));
        return [.. chain.Events.Select(e => e.Id)];
    }

    [Fact]
    public async Task SubtreeHashes_AcrossTileBoundaries_AreTheRfc9162Hashes()
    {
        using var store = CreateStore();
        var ids = await AppendSixHundred(store);
        var leaves = ids.Select(id => MerkleTree.LeafHash(id.ToBytes())).ToList();
        TreeRange[] ranges = [new(0, 600), new(0, 256), new(256, 512), new(512, 600), new(0, 1), new(599, 600), new(0, 513), new(512, 576), new(384, 512), new(0, 599)];
        var hashes = await store.SubtreeHashesAsync(ranges);
        for (int i = 0; i < ranges.Length; i++)
            Assert.Equal(Convert.ToHexStringLower(Mth(leaves, (int)ranges[i].Start, (int)ranges[i].End)), Convert.ToHexStringLower(hashes[i]));
        foreach (var size in new[] { 1, 2, 255, 256, 257, 511, 512, 513, 599, 600 })
            Assert.Equal(MerkleTree.CheckpointOf(ids.Take(size)), await store.CheckpointAtAsync(size));
        using var again = OpenAgain(store);
        Assert.Equal(MerkleTree.CheckpointOf(ids.Take(512)), await again.CheckpointAtAsync(512));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.SubtreeHashesAsync([new TreeRange(0, 601)]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.SubtreeHashesAsync([new TreeRange(5, 5)]));
    }

    private static CheckpointNote Note(Checkpoint checkpoint, string origin = "example.org/ledger", string text = "signed") =>
        new(origin, checkpoint, $"{origin}+01020304+AQID", Encoding.UTF8.GetBytes($"{origin}\n{checkpoint}\n\n— {text}\n"));

    [Fact]
    public async Task CheckpointNotes_KeptInOrderOnceEach_AndSeenByAnotherHandle()
    {
        using var store = CreateStore();
        var ids = await AppendSixHundred(store);
        Assert.Null(await store.OriginAsync());
        var first = Note(MerkleTree.CheckpointOf(ids.Take(300)));
        var second = Note(MerkleTree.CheckpointOf(ids), text: "cosigned");
        Assert.True(await store.AppendCheckpointNoteAsync(first));
        Assert.True(await store.AppendCheckpointNoteAsync(second));
        Assert.False(await store.AppendCheckpointNoteAsync(first));
        using var again = OpenAgain(store);
        var kept = new List<RecordedCheckpointNote>();
        await foreach (var note in again.ReadCheckpointNotesAsync()) kept.Add(note);
        Assert.Equal([1L, 2], kept.Select(n => n.Number));
        Assert.Equal(first.Bytes, kept[0].Note.Bytes);
        Assert.Equal(second.Checkpoint, kept[1].Note.Checkpoint);
        Assert.Equal(first.LogKey, kept[0].Note.LogKey);
        Assert.Equal("example.org/ledger", await again.OriginAsync());
        Assert.Equal(LedgerTime.From(StoreNow()).ToString()[..16], kept[0].Recorded.ToString()[..16]);
    }

    [Fact]
    public async Task CheckpointNote_OfAnotherOriginBeyondTheHeadOrAnotherRoot_IsRefusedAndNothingKept()
    {
        using var store = CreateStore();
        var ids = await AppendSixHundred(store);
        await store.AppendCheckpointNoteAsync(Note(MerkleTree.CheckpointOf(ids.Take(10))));
        var other = await Assert.ThrowsAsync<CheckpointNoteRejectedException>(() =>
            store.AppendCheckpointNoteAsync(Note(MerkleTree.CheckpointOf(ids), origin: "example.org/other")));
        Assert.Equal(NoteRejection.OtherOrigin, other.Reason);
        Assert.Equal("example.org/ledger", other.Expected);
        var beyond = await Assert.ThrowsAsync<CheckpointNoteRejectedException>(() =>
            store.AppendCheckpointNoteAsync(Note(new Checkpoint(601, MerkleTree.CheckpointOf(ids).Root))));
        Assert.Equal(NoteRejection.BeyondHead, beyond.Reason);
        var fork = new Checkpoint(300, MerkleTree.CheckpointOf(ids.Take(301)).Root);
        var mismatch = await Assert.ThrowsAsync<CheckpointNoteRejectedException>(() => store.AppendCheckpointNoteAsync(Note(fork)));
        Assert.Equal(NoteRejection.RootMismatch, mismatch.Reason);
        Assert.Equal(MerkleTree.CheckpointOf(ids.Take(300)).ToString(), mismatch.Expected);
        var kept = new List<RecordedCheckpointNote>();
        await foreach (var note in store.ReadCheckpointNotesAsync()) kept.Add(note);
        Assert.Single(kept);
    }
}
