using System.Runtime.InteropServices;
using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Licensing;

/// <summary>
/// Every licensing fact on the ledger with the position and time it was written: who is who, who claimed and
/// withdrew which work, which grants and revocations were made, which keys were declared compromised. Nothing is
/// overwritten, so one projection answers for any <see cref="LedgerCut"/> — the head, as of a time, or at a
/// checkpoint — through <see cref="At"/>. It is built once, persisted (<see cref="LicenseProjectionFile"/>) and
/// brought up to date by applying only the events appended since (<see cref="LicenseProjectionReplay"/>).
/// Works are kept compactly (about 130 bytes each) because datasets and ledgers hold millions of them.
/// </summary>
public sealed partial class LicenseProjection
{
    // One registration of a work: 32 bytes, as a million of them are kept and saved. Withdrawals are rare and kept aside.
    [StructLayout(LayoutKind.Sequential)]
    internal struct ClaimFact
    {
        public int Claimant;
        public int Next; // the work's next claim in position order, or -1
        public long Seq;
        public long Position;
        public long At;
    }

    internal sealed record IdentityFact(IdentityCreated Data, long Position, LedgerTime At, long Seq);

    internal readonly record struct KeyChange(long Position, LedgerTime At, long Seq, IdentityId SignedBy, IdentityId NewKey);

    internal readonly record struct Compromise(IdentityId Key, long LastValidSeq, long Position, LedgerTime At);

    /// <summary>What the projection knows per author.</summary>
    internal sealed class StreamFacts(IdentityId id)
    {
        public IdentityId Id { get; } = id;
        public IdentityFact? Created { get; set; }
        public long LastSeq { get; set; }
        // The seq from which each key signed; a key is looked up only when a compromise must be judged.
        public List<(long Seq, IdentityId Key)> KeyRuns { get; } = [];
        public List<KeyChange> KeyChanges { get; } = [];
        public List<Compromise> Compromises { get; } = [];
    }

    /// <summary>A mandate from a creator (the signer) to an agent, and when the creator revoked it, if they did.</summary>
    internal sealed class MandateFact(EventId id, IdentityId owner, long seq, MandateGranted data, long position, LedgerTime at)
    {
        public EventId Id { get; } = id;
        public IdentityId Owner { get; } = owner;
        public long Seq { get; } = seq;
        public MandateGranted Data { get; } = data;
        public long Position { get; } = position;
        public LedgerTime At { get; } = at;
        public List<(EventId Id, long Seq, long Position, LedgerTime At)> Revocations { get; } = [];
    }

    internal sealed class GrantFact(Grant grant, long seq)
    {
        public Grant Grant { get; } = grant;
        public long Seq { get; } = seq;
        public List<(Revocation Revocation, long Seq)> Revocations { get; } = [];
    }

    private readonly Dictionary<IdentityId, int> _streamIndex = [];
    private readonly List<StreamFacts> _streams = [];
    private readonly Dictionary<Hash256, int> _works = [];
    private ClaimFact[] _claims = new ClaimFact[16];
    private int _claimCount;
    // Withdrawals by claim, in position order: every one is kept, as the first may be void under a cut and a later one not.
    private readonly Dictionary<int, List<(long Seq, long Position, long At)>> _withdrawals = [];
    private readonly Dictionary<EventId, GrantFact> _grants = [];
    private readonly List<GrantFact> _grantOrder = [];
    private readonly Dictionary<IdentityId, List<GrantFact>> _grantsByOwner = [];
    private readonly Dictionary<EventId, MandateFact> _mandates = [];
    private readonly List<MandateFact> _mandateOrder = [];
    private readonly Dictionary<IdentityId, List<MandateFact>> _mandatesByOwner = [];
    // Reports and statements are few (one per run, one per month): kept whole, as the payout rules read them.
    private readonly List<(UsageReport Report, long Seq)> _usage = [];
    private readonly List<(PublishedStatement Statement, long Seq)> _statements = [];

    /// <summary>How many events of the ledger the projection reflects.</summary>
    public long Position { get; private set; }

    /// <summary>The id of the event at <see cref="Position"/>: how a saved projection recognises its ledger.</summary>
    public EventId? LastId { get; private set; }

    /// <summary>Whether any key was ever declared compromised (until then, no fact needs the void check).</summary>
    internal bool HasCompromises { get; private set; }

    internal int WorkCount => _works.Count;

    /// <summary>The ledger as <paramref name="cut"/> sees it.</summary>
    public LicenseView At(LedgerCut cut) => new(this, cut);

    /// <summary>The ledger as it stands, every event counted.</summary>
    public LicenseView Head => At(LedgerCut.Everything);

    internal IReadOnlyList<StreamFacts> Streams => _streams;

    internal StreamFacts StreamAt(int index) => _streams[index];

    internal StreamFacts? FindStream(IdentityId id) => _streamIndex.TryGetValue(id, out var i) ? _streams[i] : null;

    internal ref readonly ClaimFact ClaimAt(int index) => ref _claims[index];

    internal int FirstClaim(Hash256 work) => _works.TryGetValue(work, out var first) ? first : -1;

    internal IEnumerable<KeyValuePair<Hash256, int>> Works => _works;

    internal IReadOnlyList<(long Seq, long Position, long At)>? Withdrawals(int claim) => _withdrawals.GetValueOrDefault(claim);

    internal GrantFact? FindGrantFact(EventId id) => _grants.GetValueOrDefault(id);

    internal IReadOnlyList<GrantFact> GrantFacts => _grantOrder;

    internal IReadOnlyList<GrantFact> GrantFactsFor(IdentityId owner) => _grantsByOwner.TryGetValue(owner, out var g) ? g : [];

    internal IReadOnlyList<MandateFact> MandateFacts => _mandateOrder;

    internal IReadOnlyList<(UsageReport Report, long Seq)> UsageFacts => _usage;

    internal IReadOnlyList<(PublishedStatement Statement, long Seq)> StatementFacts => _statements;

    internal MandateFact? FindMandateFact(EventId id) => _mandates.GetValueOrDefault(id);

    /// <summary>
    /// Whether <paramref name="signer"/> may grant <paramref name="license"/> on <paramref name="owner"/>'s works at
    /// <paramref name="at"/> (DESIGN §6.2): the owner always may; an agent may while a mandate from the owner, written
    /// by then and not revoked by then, covers every work and use of the license. Judged when the grant is applied,
    /// from earlier events only, so a grant made under a mandate stands when the mandate is later revoked.
    /// </summary>
    public bool IsAuthorizedGrantor(IdentityId signer, IdentityId owner, LicenseGranted license, LedgerTime at) =>
        signer == owner || MandateFor(signer, owner, license.Works, license.Uses, at) is not null;

    /// <summary>The earliest mandate in force at <paramref name="at"/> letting <paramref name="agent"/> grant these works and uses for <paramref name="owner"/>.</summary>
    internal MandateFact? MandateFor(IdentityId agent, IdentityId owner, IReadOnlyList<WorkId>? works, IReadOnlyList<Use> uses, LedgerTime at)
    {
        if (!_mandatesByOwner.TryGetValue(owner, out var given)) return null;
        foreach (var mandate in given)
        {
            if (mandate.Data.Agent != agent || mandate.At > at) continue;
            if (mandate.Revocations.Exists(r => r.At <= at)) continue;
            if (uses.All(u => mandate.Data.Covers(works, u, at))) return mandate;
        }
        return null;
    }

    /// <summary>Applies the next event of the ledger (its position must follow <see cref="Position"/>).</summary>
    internal void Apply(in ProjectedEvent e)
    {
        if (e.Position != Position + 1)
            throw new InvalidOperationException($"The projection is at position {Position}; it cannot apply the event at {e.Position}.");
        Position = e.Position;
        LastId = e.Id;
        int streamIndex = StreamIndex(e.Stream);
        var stream = _streams[streamIndex];
        if (stream.KeyRuns.Count == 0 || stream.KeyRuns[^1].Key != e.Key) stream.KeyRuns.Add((e.Seq, e.Key));
        stream.LastSeq = e.Seq;
        switch (e.Data)
        {
            case IdentityCreated created:
                stream.Created ??= new IdentityFact(created, e.Position, e.At, e.Seq);
                break;
            case KeyRotated rotated:
                stream.KeyChanges.Add(new KeyChange(e.Position, e.At, e.Seq, e.Key, rotated.Next));
                break;
            case KeyCompromised compromised:
                stream.KeyChanges.Add(new KeyChange(e.Position, e.At, e.Seq, e.Key, e.Key));
                stream.Compromises.Add(new Compromise(compromised.Key, compromised.LastValidSeq, e.Position, e.At));
                HasCompromises = true;
                break;
            case var data when data == ProjectedEvent.WorkData && e.Type == EventTypes.WorkRegistered:
                AddClaim(e.Work, streamIndex, e);
                break;
            case var data when data == ProjectedEvent.WorkData:
                EndClaims(e.Work, streamIndex, e);
                break;
            case Hash256[] listed:
                foreach (var work in listed) AddClaim(work, streamIndex, e);
                break;
            case LicenseGranted license:
            {
                var owner = license.Owner ?? e.Stream;
                if (!IsAuthorizedGrantor(e.Stream, owner, license, e.At)) break;
                var fact = new GrantFact(new Grant(e.Id, e.Stream, owner, license, e.At, e.Position), e.Seq);
                _grants[e.Id] = fact;
                _grantOrder.Add(fact);
                if (!_grantsByOwner.TryGetValue(owner, out var owned)) _grantsByOwner[owner] = owned = [];
                owned.Add(fact);
                break;
            }
            case MandateGranted mandate:
            {
                AddMandate(new MandateFact(e.Id, e.Stream, e.Seq, mandate, e.Position, e.At));
                break;
            }
            case MandateRevoked ended:
                // Only the creator who gave a mandate can end it.
                if (_mandates.TryGetValue(ended.Mandate, out var given) && given.Owner == e.Stream)
                    given.Revocations.Add((e.Id, e.Seq, e.Position, e.At));
                break;
            case UsageReported usage:
                _usage.Add((new UsageReport(e.Id, e.Stream, usage, e.At, e.Position), e.Seq));
                break;
            case PayoutStatementIssued statement:
                _statements.Add((new PublishedStatement(e.Id, e.Stream, statement, e.At, e.Position), e.Seq));
                break;
            case LicenseRevoked revoked:
            {
                if (!_grants.TryGetValue(revoked.Grant, out var fact)) break;
                if (e.Stream != fact.Grant.Signer && e.Stream != fact.Grant.Owner) break;
                // Never retroactive: an effective time before the revocation's own time takes effect at that time.
                var effective = revoked.Effective < e.At ? e.At : revoked.Effective;
                fact.Revocations.Add((new Revocation(e.Id, fact.Grant.Id, e.Stream, effective, revoked.Reason, e.At, e.Position), e.Seq));
                break;
            }
        }
    }

    /// <summary>
    /// Room for <paramref name="events"/> works before a rebuild: growing a million-entry table step by step allocates
    /// large arrays again and again, and each costs a full garbage collection.
    /// </summary>
    private void Reserve(long events)
    {
        int capacity = (int)Math.Min(events, Array.MaxLength / 2);
        _works.EnsureCapacity(capacity);
        if (_claims.Length < capacity) Array.Resize(ref _claims, capacity);
    }

    // Events come in runs by one author: the last stream's index is reused without hashing its did.
    private int _lastStream = -1;

    private void AddMandate(MandateFact fact)
    {
        _mandates[fact.Id] = fact;
        _mandateOrder.Add(fact);
        if (!_mandatesByOwner.TryGetValue(fact.Owner, out var given)) _mandatesByOwner[fact.Owner] = given = [];
        given.Add(fact);
    }

    private int StreamIndex(IdentityId id)
    {
        if (_lastStream >= 0 && _streams[_lastStream].Id == id) return _lastStream;
        if (_streamIndex.TryGetValue(id, out var index)) return _lastStream = index;
        _streams.Add(new StreamFacts(id));
        return _lastStream = _streamIndex[id] = _streams.Count - 1;
    }

    private void AddClaim(Hash256 work, int claimant, in ProjectedEvent e)
    {
        if (_claimCount == _claims.Length) Array.Resize(ref _claims, _claims.Length * 2);
        int index = _claimCount++;
        _claims[index] = new ClaimFact { Claimant = claimant, Next = -1, Seq = e.Seq, Position = e.Position, At = e.At.UnixMilliseconds };
        ref var first = ref CollectionsMarshal.GetValueRefOrAddDefault(_works, work, out bool exists);
        if (!exists) { first = index; return; }
        int last = first;
        while (_claims[last].Next >= 0) last = _claims[last].Next;
        _claims[last].Next = index;
    }

    private void EndClaims(Hash256 work, int claimant, in ProjectedEvent e)
    {
        for (int i = FirstClaim(work); i >= 0; i = _claims[i].Next)
        {
            if (_claims[i].Claimant != claimant) continue;
            if (!_withdrawals.TryGetValue(i, out var ends)) _withdrawals[i] = ends = [];
            ends.Add((e.Seq, e.Position, e.At.UnixMilliseconds));
        }
    }

    /// <summary>
    /// Whether the event at <paramref name="seq"/> of <paramref name="stream"/> is void under <paramref name="cut"/>:
    /// a KeyCompromised that counts declared the key that signed it compromised before that seq (DESIGN §4).
    /// </summary>
    internal bool IsVoid(StreamFacts stream, long seq, LedgerCut cut)
    {
        if (stream.Compromises.Count == 0) return false;
        IdentityId? signer = null;
        foreach (var c in stream.Compromises)
        {
            if (seq <= c.LastValidSeq || !cut.Counts(c.Position, c.At)) continue;
            signer ??= KeyAt(stream, seq);
            if (signer == c.Key) return true;
        }
        return false;
    }

    private static IdentityId KeyAt(StreamFacts stream, long seq)
    {
        var runs = stream.KeyRuns;
        int lo = 0, hi = runs.Count - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (runs[mid].Seq <= seq) lo = mid; else hi = mid - 1;
        }
        return runs[lo].Key;
    }
}
