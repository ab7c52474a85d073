using System.Text;
using System.Text.Json;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Sqlite;
using CreatorLedger.Tests.Vectors;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CreatorLedger.Tests.Licensing;

/// <summary>
/// WorkRegistered with a list of works (DESIGN §4, issue 15): the independent vectors read, project and decide as
/// expected; a bad list is refused whole, naming the entry, by every path in (import, append, sync, integrity check);
/// a creator writes lists of up to 1,000 works under every store's size limit.
/// </summary>
public sealed class ListRegistrationTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-06-01T00:00:00Z"));
    private int _count;

    public void Dispose() => _directory.Dispose();

    private SqliteEventStore NewStore() => SqliteEventStore.Open(_directory.File($"ledger-{++_count}.db"), _clock);

    private static RegisteredWork Work(int i, string title = "") =>
        new(WorkId.FromHash(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i))), title.Length > 0 ? title : $"work {i}", "image/jpeg", 1000 + i);

    private async Task<Creator> NewCreator(IEventStore store, string name)
    {
        var key = SigningKey.Generate();
        await Author.CreateIdentityAsync(store, key, new IdentityCreated(name, "creator"), _clock);
        return new Creator(store, key.Id, key, _clock);
    }

    [Fact]
    public void ListVector_Projection_HoldsEachCreatorsWorksAndDecidesAsExpected()
    {
        var events = ListVectors.Events;
        var head = LicenseProjection.From(events).Head;
        foreach (var holder in ListVectors.Root.GetProperty("registeredWorks").EnumerateObject())
            Assert.Equal(holder.Value.GetInt32(), head.AllClaims.Count(c => c.Claimant.Value == ListVectors.Did(holder.Name)));
        int decided = 0;
        foreach (var expected in ListVectors.Root.GetProperty("decisions").EnumerateArray())
        {
            var request = new ConsentRequest(WorkId.Parse(expected.GetProperty("work").GetString()!), IdentityId.Parse(expected.GetProperty("licensee").GetString()!),
                Use.Parse(expected.GetProperty("use").GetString()!));
            var decision = ConsentView.AsOf(events, LedgerTime.Parse(expected.GetProperty("asOf").GetString()!)).Decide(request);
            Assert.Equal(expected.GetProperty("decision").GetString(), decision.Decision);
            if (expected.TryGetProperty("reason", out var reason)) Assert.Equal(reason.GetString(), decision.Reason.ToString());
            decided++;
        }
        Assert.True(decided >= 8);
    }

    [Fact]
    public async Task ListVector_Verifies()
    {
        var report = await LedgerVerifier.VerifyAsync(ListVectors.Lines.Select((l, i) => new StoredEnvelope(i + 1, Encoding.UTF8.GetBytes(l), null)).ToAsyncEnumerable());
        Assert.True(report.IsValid, string.Join("; ", report.Problems));
        Assert.Equal(ListVectors.Checkpoint, report.Checkpoint.ToString());
    }

    [Theory]
    [MemberData(nameof(BadListFiles))]
    public async Task IntegrityCheck_BadList_ReportsTheEventNamingTheEntry(string file, string named)
    {
        var report = await LedgerVerifier.VerifyAsync(Envelopes(file).ToAsyncEnumerable());
        var problem = Assert.Single(report.Problems);
        Assert.Equal(2, problem.Position);
        Assert.Equal(nameof(ViolationCode.InvalidData), problem.Code);
        Assert.Contains(named, problem.Message);
    }

    [Theory]
    [MemberData(nameof(BadListFiles))]
    public async Task Sync_FromABadList_IsRefusedNamingTheEntry_AndWritesNothing(string file, string named)
    {
        using var mirror = NewStore();
        var e = await Assert.ThrowsAnyAsync<Exception>(() => LedgerSync.SyncAsync(Envelopes(file).ToAsyncEnumerable(), mirror, "bad.jsonl"));
        Assert.Contains(named, e.Message);
        Assert.Equal(Checkpoint.Empty, await mirror.HeadAsync());
    }

    public static TheoryData<string, string> BadListFiles => ListVectors.BadFiles;

    private static List<StoredEnvelope> Envelopes(string file) =>
        [.. TestFiles.VectorLines(Path.Combine("list", file)).Select((l, i) => new StoredEnvelope(i + 1, Encoding.UTF8.GetBytes(l), null))];

    [Fact]
    public void SingleForm_IsReadAndWrittenBackByteForByte()
    {
        int seen = 0;
        foreach (var line in VectorLedger.Lines)
        {
            var e = SignedEvent.Parse(Encoding.UTF8.GetBytes(line));
            if (e.Type != EventTypes.WorkRegistered) continue;
            Assert.True(WorkRegistered.TryRead(e.Data, out var registered, out var problem), problem);
            Assert.False(registered.IsList);
            var written = JsonSerializer.SerializeToElement(registered.ToDraft().Data);
            Assert.Equal(CanonicalJson.Serialize(e.Data), CanonicalJson.Serialize(written));
            seen++;
        }
        Assert.True(seen > 0);
    }

    [Fact]
    public void List_IsRefusedWhenEmptyTooLongOrRepeating()
    {
        Assert.Throws<ArgumentException>(() => WorkRegistered.List([]));
        Assert.Throws<ArgumentException>(() => WorkRegistered.List([.. Enumerable.Range(0, WorkRegistered.MaxWorks + 1).Select(i => Work(i))]));
        Assert.Throws<ArgumentException>(() => WorkRegistered.List([Work(1), Work(2), Work(1)]));
    }

    [Fact]
    public void Batches_SplitByCount_AndALoneWorkIsTheSingleForm()
    {
        var batches = WorkRegistered.Batches([.. Enumerable.Range(0, 2_001).Select(i => Work(i))]).ToList();
        Assert.Equal([1_000, 1_000, 1], batches.Select(b => b.Works.Count));
        Assert.Equal([true, true, false], batches.Select(b => b.IsList));
    }

    [Fact]
    public async Task Register_LongTitles_SplitsBySize_EachEnvelopeUnderEveryStoresLimit()
    {
        using var store = NewStore();
        var creator = await NewCreator(store, "Erin");
        var works = Enumerable.Range(0, 1_000).Select(i => Work(i, new string('t', 2_000) + i)).ToList();
        var outcome = await creator.RegisterAsync(works);
        Assert.Equal(1_000, outcome.Registered.Count);
        Assert.InRange(outcome.Events.Count, 3, 4);
        foreach (var e in outcome.Events)
        {
            Assert.InRange(e.Bytes.Length, 1, EnvelopeLimit.MaxBytes);
            // What EventStoreDB counts against its 1 MiB append limit.
            Assert.True(e.Bytes.Length + 3 * e.Type.Length + 64 <= 1024 * 1024);
        }
        Assert.Equal(1_000, LicenseProjection.From(await ReadAll(store)).Head.AllClaims.Count());
    }

    [Fact]
    public async Task Register_2500Works_Writes3Events_SkipsYours_DisputesOthers_AndWithdrawsOneOfAList()
    {
        using var store = NewStore();
        var erin = await NewCreator(store, "Erin");
        var finn = await NewCreator(store, "Finn");
        var works = Enumerable.Range(0, 2_500).Select(i => Work(i)).ToList();
        var progress = new List<int>();
        var outcome = await erin.RegisterAsync(works, new Recorder(progress));
        Assert.Equal([1_000, 1_000, 500], outcome.Events.Select(e => WorkRegistered.TryRead(e.Data, out var r, out _) ? r.Works.Count : 0));
        Assert.Equal(2_500, progress[^1]);

        var again = await erin.RegisterAsync(works[..10]);
        Assert.Empty(again.Registered);
        Assert.Equal(10, again.AlreadyYours.Count);

        var contested = await finn.RegisterAsync([works[7], Work(9_999)]);
        Assert.Equal([works[7].Work], contested.NowDisputed.Select(d => d.Work));
        Assert.True(WorkRegistered.TryRead(Assert.Single(contested.Events).Data, out var listed, out _) && listed.IsList);

        await erin.WithdrawAsync(works[1_500].Work);
        var events = await ReadAll(store);
        var head = LicenseProjection.From(events).Head;
        Assert.Equal(2_499, head.AllClaims.Count(c => c.Claimant == erin.Identity));
        Assert.Empty(head.ClaimsOf(works[1_500].Work));
        Assert.Single(head.ClaimsOf(works[1_501].Work));
        Assert.Equal(2, head.ClaimsOf(works[7].Work).Count);
        var lab = IdentityId.Parse(ListVectors.Did("lab-list"));
        Assert.Equal(ConsentReason.Disputed, ConsentView.AsOf(events, LedgerTime.From(_clock.GetUtcNow())).Decide(new ConsentRequest(works[7].Work, lab, Use.AiTrain)).Reason);
    }

    [Fact]
    public async Task Register_AWorkHeldBySeveral_IsYoursToEachHolder_AndDisputedWithAllOfThemForANewcomer()
    {
        using var store = NewStore();
        var erin = await NewCreator(store, "Erin");
        var finn = await NewCreator(store, "Finn");
        var gus = await NewCreator(store, "Gus");
        await erin.RegisterAsync([Work(1), Work(2)]);
        await finn.RegisterAsync([Work(1)]);

        // Each holder of a disputed work still holds it: registering it again writes nothing.
        foreach (var holder in new[] { erin, finn })
        {
            var again = await holder.RegisterAsync([Work(1)]);
            Assert.Empty(again.Registered);
            Assert.Equal([Work(1).Work], again.AlreadyYours);
        }

        // A newcomer is told every holder, in the order they claimed; a work listed twice is registered once.
        var outcome = await gus.RegisterAsync([Work(1), Work(2), Work(3), Work(1)]);
        Assert.Equal([Work(1).Work, Work(2).Work, Work(3).Work], outcome.Registered.Select(r => r.Work.Work));
        Assert.Equal([(Work(1).Work, (IReadOnlyList<IdentityId>)[erin.Identity, finn.Identity]), (Work(2).Work, [erin.Identity])],
            outcome.NowDisputed.Select(d => (d.Work, (IReadOnlyList<IdentityId>)[.. d.OtherClaimants])));
        Assert.Empty(outcome.AlreadyYours);
    }

    private static async Task<List<RecordedEvent>> ReadAll(IEventStore store)
    {
        var list = new List<RecordedEvent>();
        await foreach (var e in store.ReadAllAsync(1)) list.Add(e);
        return list;
    }

    private sealed class Recorder(List<int> values) : IProgress<int>
    {
        public void Report(int value) => values.Add(value);
    }
}
