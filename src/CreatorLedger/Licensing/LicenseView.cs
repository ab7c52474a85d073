using System.Collections.Concurrent;
using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Licensing;

/// <summary>
/// The license projection as one <see cref="LedgerCut"/> sees it: only events that count, and of those only the ones
/// no counted KeyCompromised voids. Cheap to make; grants per owner are worked out once per view and shared
/// between threads deciding in parallel.
/// </summary>
public sealed class LicenseView
{
    private readonly LicenseProjection _projection;
    private readonly ConcurrentDictionary<IdentityId, Grant[]> _grantsByOwner = new();

    internal LicenseView(LicenseProjection projection, LedgerCut cut)
    {
        _projection = projection;
        Cut = cut;
    }

    public LedgerCut Cut { get; }

    /// <summary>The facts behind the view, for code that needs where an event is (its stream and seq), not only what it says.</summary>
    internal LicenseProjection Projection => _projection;

    /// <summary>How many events of the ledger this view reflects.</summary>
    public long Position => Math.Min(Cut.Size, _projection.Position);

    public IEnumerable<IdentityRecord> Identities
    {
        get
        {
            foreach (var stream in _projection.Streams)
                if (Identity(stream) is { } record) yield return record;
        }
    }

    public IdentityRecord? FindIdentity(IdentityId id) => _projection.FindStream(id) is { } stream ? Identity(stream) : null;

    /// <summary>The identities holding the work (claimed and not withdrawn), each once, in the order they claimed it.</summary>
    public IReadOnlyList<WorkClaim> ClaimsOf(WorkId work)
    {
        List<WorkClaim>? claims = null;
        for (int i = _projection.FirstClaim(Hash256.Of(work)); i >= 0; i = _projection.ClaimAt(i).Next)
        {
            if (!Holds(i)) continue;
            ref readonly var claim = ref _projection.ClaimAt(i);
            var claimant = _projection.StreamAt(claim.Claimant).Id;
            claims ??= [];
            if (claims.Exists(c => c.Claimant == claimant)) continue;
            claims.Add(ToClaim(work, in claim));
        }
        return claims ?? (IReadOnlyList<WorkClaim>)[];
    }

    /// <summary>
    /// Who holds <paramref name="work"/>: 0 claimants (owner null), 1 (the owner), or more (disputed; owner null).
    /// Allocation-free: a dataset check asks this once per file.
    /// </summary>
    public int Claimants(WorkId work, out IdentityId? owner)
    {
        owner = null;
        int first = -1, count = 0;
        for (int i = _projection.FirstClaim(Hash256.Of(work)); i >= 0; i = _projection.ClaimAt(i).Next)
        {
            if (!Holds(i)) continue;
            int claimant = _projection.ClaimAt(i).Claimant;
            if (count == 0) { first = claimant; count = 1; }
            else if (claimant != first) { count = 2; break; }
        }
        if (count == 1) owner = _projection.StreamAt(first).Id;
        return count;
    }

    /// <summary>Every held claim, in position order.</summary>
    public IEnumerable<WorkClaim> AllClaims
    {
        get
        {
            var held = new List<(long Position, WorkClaim Claim)>();
            foreach (var (work, first) in _projection.Works)
            {
                WorkId? id = null;
                var seen = new List<int>(1);
                for (int i = first; i >= 0; i = _projection.ClaimAt(i).Next)
                {
                    ref readonly var claim = ref _projection.ClaimAt(i);
                    if (!Holds(i) || seen.Contains(claim.Claimant)) continue;
                    seen.Add(claim.Claimant);
                    id ??= work.ToWorkId();
                    held.Add((claim.Position, ToClaim(id.Value, in claim)));
                }
            }
            held.Sort((a, b) => a.Position.CompareTo(b.Position));
            return held.Select(h => h.Claim);
        }
    }

    /// <summary>
    /// Every work someone holds in this view, each once, in ordinal order of its digest: the rows of a consent index.
    /// Walks the projection's compact table (no claim objects), so a million works cost one array of 32-byte keys.
    /// </summary>
    internal Hash256[] HeldWorks()
    {
        var works = new Hash256[_projection.WorkCount];
        int count = 0;
        foreach (var (work, first) in _projection.Works)
            for (int i = first; i >= 0; i = _projection.ClaimAt(i).Next)
                if (Holds(i))
                {
                    works[count++] = work;
                    break;
                }
        Array.Resize(ref works, count);
        Array.Sort(works);
        return works;
    }

    public Grant? FindGrant(EventId id) => _projection.FindGrantFact(id) is { } fact ? Resolve(fact) : null;

    /// <summary>Every grant that counts, in position order, with its revocation as of this view.</summary>
    public IReadOnlyList<Grant> Grants => [.. _projection.GrantFacts.Select(Resolve).OfType<Grant>()];

    /// <summary>The grants that cover <paramref name="work"/>, in position order: those naming it, and "*" grants by one of its claimants.</summary>
    public IEnumerable<Grant> GrantsCovering(WorkId work)
    {
        var claimants = ClaimsOf(work).Select(c => c.Claimant).ToHashSet();
        return Grants.Where(g => g.License.Works?.Contains(work) ?? claimants.Contains(g.Owner));
    }

    /// <summary>The mandates <paramref name="owner"/> gave <paramref name="agent"/> that are not revoked, in position order.</summary>
    public IEnumerable<Mandate> UnrevokedMandates(IdentityId owner, IdentityId agent) =>
        Mandates.Where(m => m.Owner == owner && m.Terms.Agent == agent && m.RevokedAt is null);

    /// <summary>The grants made for <paramref name="owner"/>'s works, in position order.</summary>
    public IReadOnlyList<Grant> GrantsFor(IdentityId owner) =>
        _grantsByOwner.GetOrAdd(owner, o => [.. _projection.GrantFactsFor(o).Select(Resolve).OfType<Grant>()]);

    /// <summary>Every mandate that counts, in position order, with its revocation as of this view.</summary>
    public IReadOnlyList<Mandate> Mandates =>
        [.. _projection.MandateFacts.Where(m => Counts(m.Owner, m.Seq, m.Position, m.At)).Select(m => new Mandate(m.Id, m.Owner, m.Data, m.At, m.Position,
            m.Revocations.Where(r => Counts(m.Owner, r.Seq, r.Position, r.At)).Select(r => (LedgerTime?)r.At).FirstOrDefault()))];

    /// <summary>
    /// The earliest mandate in force at <paramref name="at"/> letting <paramref name="agent"/> grant these works and uses
    /// for <paramref name="owner"/> (judged by time, as a grant under it is), or null.
    /// </summary>
    public Mandate? MandateFor(IdentityId agent, IdentityId owner, IReadOnlyList<WorkId>? works, IReadOnlyList<Use> uses, LedgerTime at) =>
        _projection.MandateFor(agent, owner, works, uses, at) is { } m
            ? new Mandate(m.Id, m.Owner, m.Data, m.At, m.Position, m.Revocations.Count == 0 ? null : m.Revocations[0].At)
            : null;

    /// <summary>Every usage report that counts, in position order.</summary>
    public IReadOnlyList<UsageReport> UsageReports =>
        [.. _projection.UsageFacts.Where(u => Counts(u.Report.Developer, u.Seq, u.Report.Position, u.Report.At)).Select(u => u.Report)];

    /// <summary>Every published payout statement that counts, in position order.</summary>
    public IReadOnlyList<PublishedStatement> Statements =>
        [.. _projection.StatementFacts.Where(s => Counts(s.Statement.Society, s.Seq, s.Statement.Position, s.Statement.At)).Select(s => s.Statement)];

    private bool Holds(int index)
    {
        ref readonly var claim = ref _projection.ClaimAt(index);
        if (!Cut.Counts(claim.Position, claim.At)) return false;
        var stream = _projection.HasCompromises ? _projection.StreamAt(claim.Claimant) : null;
        if (stream is not null && _projection.IsVoid(stream, claim.Seq, Cut)) return false;
        if (_projection.Withdrawals(index) is { } ends)
            foreach (var (seq, position, at) in ends)
                if (Ends(stream ?? _projection.StreamAt(claim.Claimant), seq, position, at)) return false;
        return true;
    }

    private bool Ends(LicenseProjection.StreamFacts? stream, long seq, long position, long at) =>
        Cut.Counts(position, at) && (stream is null || !_projection.IsVoid(stream, seq, Cut));

    private WorkClaim ToClaim(WorkId work, in LicenseProjection.ClaimFact claim) =>
        new(work, _projection.StreamAt(claim.Claimant).Id, claim.Seq, LedgerTime.FromUnixMilliseconds(claim.At), claim.Position);

    private Grant? Resolve(LicenseProjection.GrantFact fact)
    {
        var grant = fact.Grant;
        if (!Counts(grant.Signer, fact.Seq, grant.Position, grant.At)) return null;
        Revocation? first = null;
        foreach (var (revocation, seq) in fact.Revocations)
            if (Counts(revocation.Signer, seq, revocation.Position, revocation.At) && (first is null || revocation.Effective < first.Effective))
                first = revocation;
        return first is null ? grant : grant with { Revocation = first };
    }

    private bool Counts(IdentityId signer, long seq, long position, LedgerTime at) =>
        Cut.Counts(position, at)
        && !(_projection.HasCompromises && _projection.FindStream(signer) is { } stream && _projection.IsVoid(stream, seq, Cut));

    private IdentityRecord? Identity(LicenseProjection.StreamFacts stream)
    {
        if (stream.Created is not { } created || !Cut.Counts(created.Position, created.At) || _projection.IsVoid(stream, created.Seq, Cut))
            return null;
        var key = stream.Id;
        foreach (var change in stream.KeyChanges)
            if (Cut.Counts(change.Position, change.At) && !_projection.IsVoid(stream, change.Seq, Cut)) key = change.NewKey;
        var data = created.Data;
        return new IdentityRecord(stream.Id, data.Name, data.Role, data.Contact, created.At, key, stream.LastSeq);
    }
}
