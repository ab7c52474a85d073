using System.Security.Cryptography;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Sqlite;

namespace CreatorLedger.Benchmarks;

/// <summary>
/// A SQLite ledger grown to any size in the proportions of a catalogue at scale (issue 15): per creator one identity, 50
/// works registered in one list, a mandate to a society, 70 grants to developers (five works each, or every work) and
/// 25 revocations of them, 98 events; per 100 creators, 200 usage reports by developers. Events are signed on all cores,
/// a creator's chain at a time, while the batch before is written. Deterministic but for the keys.
/// </summary>
internal sealed class ScaleLedger : IDisposable
{
    public const int WorksPerCreator = 50;
    private const int GrantsPerCreator = 70;
    private const int RevocationsPerCreator = 25;
    private const int CreatorsPerBatch = 100;
    private const int ReportsPerBatch = 200;
    private const int Developers = 1_000;
    private const int Societies = 10;

    private readonly SqliteEventStore _store;
    private readonly SigningKey[] _developers = new SigningKey[Developers];
    private readonly SigningKey[] _societies = new SigningKey[Societies];
    private readonly UnsignedEnvelope?[] _developerHeads = new UnsignedEnvelope?[Developers];
    private readonly LedgerTime _at = LedgerTime.From(DateTimeOffset.UtcNow.AddDays(-30));
    private int _creators;
    private long _reports;

    public ScaleLedger(string path)
    {
        Path = path;
        _store = SqliteEventStore.Open(path);
    }

    public string Path { get; }

    public IEventStore Store => _store;

    public long Events { get; private set; }

    /// <summary>Counts events appended by someone else (a measurement's).</summary>
    public void AddEvents(long count) => Events += count;

    public long Works => (long)_creators * WorksPerCreator;

    /// <summary>Every fifth work registered so far, for the digest check (a million at 5,000,000 works).</summary>
    public List<WorkId> Sample { get; } = [];

    public static WorkId Work(long creator, int index) => WorkId.FromHash(SHA256.HashData(BitConverter.GetBytes(creator * WorksPerCreator + index)));

    /// <summary>Appends until the ledger holds at least <paramref name="size"/> events.</summary>
    public async Task GrowToAsync(long size, Action<string> log)
    {
        if (Events == 0) await CreateParticipantsAsync().ConfigureAwait(false);
        Task writing = Task.CompletedTask;
        long reported = Events;
        while (Events < size)
        {
            var batch = SignBatch();
            await writing.ConfigureAwait(false);
            writing = _store.AppendAsync(batch);
            Events += batch.Sum(a => a.Events.Count);
            if (Events - reported >= 1_000_000) { log($"  {Events:N0} events"); reported = Events; }
        }
        await writing.ConfigureAwait(false);
    }

    private async Task CreateParticipantsAsync()
    {
        var appends = new List<StreamAppend>();
        for (int i = 0; i < Developers; i++) appends.Add(Identity(_developers[i] = SigningKey.Generate(), $"Developer {i}", "developer", out _developerHeads[i]));
        for (int i = 0; i < Societies; i++) appends.Add(Identity(_societies[i] = SigningKey.Generate(), $"Society {i}", "society", out _));
        await _store.AppendAsync(appends).ConfigureAwait(false);
        Events += appends.Count;
    }

    private StreamAppend Identity(SigningKey key, string name, string role, out UnsignedEnvelope? head)
    {
        var envelope = PayoutBenchmark.Chain(key.Id, _at, [new IdentityCreated(name, role).ToDraft()])[0];
        head = envelope;
        return new StreamAppend(key.Id, ExpectedRevision.NoStream, [SignedEvent.Sign(envelope, key)]);
    }

    // One batch: 100 creators' chains signed on all cores, then usage reports by 200 developers.
    private List<StreamAppend> SignBatch()
    {
        int first = _creators;
        var chains = new StreamAppend[CreatorsPerBatch];
        Parallel.For(0, CreatorsPerBatch, i => chains[i] = Creator(first + i));
        _creators += CreatorsPerBatch;
        var appends = new List<StreamAppend>(chains);
        var reports = new StreamAppend[ReportsPerBatch];
        var developers = Enumerable.Range(0, ReportsPerBatch).Select(i => (int)((_reports + i) % Developers)).ToArray();
        Parallel.For(0, ReportsPerBatch, i => reports[i] = Report(developers[i], first));
        _reports += ReportsPerBatch;
        appends.AddRange(reports);
        foreach (var w in Enumerable.Range(first, CreatorsPerBatch).SelectMany(c => Enumerable.Range(0, WorksPerCreator).Where(x => x % 5 == 0).Select(x => Work(c, x))))
            Sample.Add(w);
        return appends;
    }

    private StreamAppend Creator(int c)
    {
        using var key = SigningKey.Generate();
        var works = Enumerable.Range(0, WorksPerCreator).Select(i => new RegisteredWork(Work(c, i), $"work {c}-{i}", "image/jpeg", 1_000 + i)).ToList();
        var drafts = new List<EventDraft>(2 + 1 + GrantsPerCreator)
        {
            new IdentityCreated($"Creator {c}", "creator").ToDraft(),
            WorkRegistered.List(works).ToDraft(),
            new MandateGranted(_societies[c % Societies].Id, null, [Use.AiTrain], new Window(_at), 10m).ToDraft(),
        };
        for (int g = 0; g < GrantsPerCreator; g++)
        {
            IReadOnlyList<WorkId>? granted = g % 10 == 0 ? null : [.. Enumerable.Range(0, 5).Select(i => works[(g * 5 + i) % WorksPerCreator].Work)];
            drafts.Add(new LicenseGranted(granted, null, _developers[(c * GrantsPerCreator + g) % Developers].Id, [Use.AiTrain], true, new Window(_at), null,
                new LicenseTerms(null, false)).ToDraft());
        }
        var chain = PayoutBenchmark.Chain(key.Id, _at, drafts);
        // Revoked: every grant whose number is a multiple of 70/25, named by its id.
        var revocations = Enumerable.Range(0, RevocationsPerCreator)
            .Select(r => new LicenseRevoked(chain[3 + r * GrantsPerCreator / RevocationsPerCreator].Id, _at.AddMilliseconds(1_000), "scale test").ToDraft()).ToList();
        chain.AddRange(PayoutBenchmark.Chain(key.Id, _at.AddMilliseconds(1_000), revocations, chain[^1]));
        return new StreamAppend(key.Id, ExpectedRevision.NoStream, [.. chain.Select(e => SignedEvent.Sign(e, key))]);
    }

    private StreamAppend Report(int developer, int creator)
    {
        var key = _developers[developer];
        var head = _developerHeads[developer]!;
        var works = Enumerable.Range(0, 5).Select(i => Work(creator + i, i)).ToList();
        var draft = new UsageReported($"run-{_reports}-{developer}", new string('a', 64), works, "2026-11", [Use.AiTrain]).ToDraft();
        var envelope = PayoutBenchmark.Chain(key.Id, _at.AddMilliseconds(2_000), [draft], head)[0];
        _developerHeads[developer] = envelope;
        return new StreamAppend(key.Id, ExpectedRevision.After(head.Seq), [SignedEvent.Sign(envelope, key)]);
    }

    public void Dispose()
    {
        foreach (var key in _developers.Concat(_societies)) key?.Dispose();
        _store.Dispose();
    }
}
