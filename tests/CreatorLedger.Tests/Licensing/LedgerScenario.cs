using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Licensing;
using CreatorLedger.Tests.Ledger;

namespace CreatorLedger.Tests.Licensing;

/// <summary>
/// A ledger written event by event by real identities at chosen times, in the order the test says (its positions),
/// for decision-table tests. Alice and Bob are creators, Dana and Erik developers.
/// </summary>
internal sealed class LedgerScenario
{
    private readonly Dictionary<IdentityId, ChainBuilder> _chains = [];

    public static readonly LedgerTime Start = LedgerTime.Parse("2026-01-01T00:00:00.000Z");

    public LedgerScenario()
    {
        Alice = Identity("Alice", "creator");
        Bob = Identity("Bob", "creator");
        Dana = Identity("Dana", "developer");
        Erik = Identity("Erik", "developer");
    }

    public SigningKey Alice { get; }
    public SigningKey Bob { get; }
    public SigningKey Dana { get; }
    public SigningKey Erik { get; }

    public List<RecordedEvent> Events { get; } = [];

    private SigningKey? _society;

    /// <summary>Sofia, a collecting society: created (on the ledger) when first used, so other scenarios keep their positions.</summary>
    public SigningKey Society => _society ??= Identity("Sofia", "society");

    public static LedgerTime Day(int day, int hour = 0) => Start.AddMilliseconds(((day - 1) * 24L + hour) * 3_600_000);

    public static WorkId Work(string name) => WorkId.FromHash(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)));

    private SigningKey Identity(string name, string role)
    {
        var key = SigningKey.Generate();
        var chain = new ChainBuilder(key, Start);
        _chains[key.Id] = chain;
        Record(chain.Append(new IdentityCreated(name, role).ToDraft()));
        return key;
    }

    public SignedEvent Add(SigningKey author, EventDraft draft, LedgerTime at) => Record(_chains[author.Id].Append(draft, at: at));

    public SignedEvent Register(SigningKey author, WorkId work, LedgerTime at) =>
        Add(author, new RegisteredWork(work, work.Value[..15], "text/plain", 1).ToDraft(), at);

    public SignedEvent Withdraw(SigningKey author, WorkId work, LedgerTime at) => Add(author, new WorkWithdrawn(work).ToDraft(), at);

    public SignedEvent Grant(SigningKey owner, LedgerTime at, WorkId[]? works = null, SigningKey? licensee = null, Use[]? uses = null,
        bool commercial = false, LedgerTime? from = null, LedgerTime? until = null, string[]? territories = null) =>
        Add(owner, new LicenseGranted(works, null, licensee?.Id, uses ?? [Use.AiTrain], commercial, new Window(from ?? at, until), territories,
            new LicenseTerms(null, false)).ToDraft(), at);

    public SignedEvent Mandate(SigningKey owner, SigningKey agent, LedgerTime at, WorkId[]? works = null, Use[]? uses = null,
        LedgerTime? from = null, LedgerTime? until = null, decimal commission = 10m) =>
        Add(owner, new MandateGranted(agent.Id, works, uses ?? [Use.AiTrain], new Window(from ?? at, until), commission).ToDraft(), at);

    public SignedEvent RevokeMandate(SigningKey owner, SignedEvent mandate, LedgerTime at) =>
        Add(owner, new MandateRevoked(mandate.Id).ToDraft(), at);

    /// <summary>A grant signed by <paramref name="agent"/> on <paramref name="owner"/>'s works.</summary>
    public SignedEvent AgentGrant(SigningKey agent, SigningKey owner, LedgerTime at, WorkId[]? works = null, SigningKey? licensee = null, Use[]? uses = null) =>
        Add(agent, new LicenseGranted(works, owner.Id, licensee?.Id, uses ?? [Use.AiTrain], false, new Window(at), null, new LicenseTerms(null, false)).ToDraft(), at);

    public SignedEvent Revoke(SigningKey author, SignedEvent grant, LedgerTime at, LedgerTime effective) =>
        Add(author, new LicenseRevoked(grant.Id, effective, "test").ToDraft(), at);

    /// <summary>
    /// The author rotates to a new key and, with it, declares the old one compromised after <paramref name="lastValidSeq"/>:
    /// what the old key signed after that seq is void (DESIGN §4).
    /// </summary>
    public void RotateAndCompromise(SigningKey author, long lastValidSeq, LedgerTime at)
    {
        var chain = _chains[author.Id];
        var old = chain.Key;
        var next = SigningKey.Generate();
        Record(chain.Append(new KeyRotated(next.Id).ToDraft(), at: at));
        chain.Key = next;
        Record(chain.Append(new KeyCompromised(old.Id, lastValidSeq).ToDraft(), at: at));
    }

    /// <summary>The decision as of a time: the ledger as written by then, windows evaluated then.</summary>
    public ConsentDecision Decide(WorkId work, SigningKey licensee, LedgerTime asOf, Use? use = null, bool commercial = false, string? territory = null) =>
        ConsentView.AsOf(Events, asOf).Decide(new ConsentRequest(work, licensee.Id, use ?? Use.AiTrain, commercial, territory));

    private SignedEvent Record(SignedEvent e)
    {
        Events.Add(new RecordedEvent(e, Events.Count + 1, e.At));
        return e;
    }
}
