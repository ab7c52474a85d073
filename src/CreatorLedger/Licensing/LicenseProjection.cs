using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;

namespace CreatorLedger.Licensing;

/// <summary>
/// The ledger replayed into who is who, who claims which work, and which grants and revocations stand.
/// Only valid events count: events a key signed after its <c>KeyCompromised</c> cut-off are void, grants must be
/// signed by the owner (agents under a mandate are the societies issue: <see cref="IsAuthorizedGrantor"/> is the hook),
/// revocations by the grant's signer or owner. Unknown types and fields are ignored.
/// </summary>
public sealed class LicenseProjection
{
    private readonly Dictionary<IdentityId, IdentityRecord> _identities = [];
    private readonly Dictionary<WorkId, List<WorkClaim>> _claims = [];
    private readonly Dictionary<EventId, Grant> _grants = [];
    private readonly List<Grant> _grantOrder = [];
    private readonly Dictionary<IdentityId, List<Grant>> _grantsByOwner = [];

    public long Position { get; private set; }

    public IReadOnlyCollection<IdentityRecord> Identities => _identities.Values;

    public IReadOnlyList<Grant> Grants => _grantOrder;

    public static async Task<LicenseProjection> ReplayAsync(IEventStore store, CancellationToken cancellationToken = default)
    {
        var events = new List<RecordedEvent>();
        await foreach (var e in store.ReadAllAsync(1, cancellationToken).ConfigureAwait(false)) events.Add(e);
        return Replay(events);
    }

    /// <summary>
    /// Replays <paramref name="events"/> (the ledger, or its first events up to a checkpoint). Validity is judged
    /// on all of them; <paramref name="counts"/>, when given, picks which valid events are applied (as of a time:
    /// those whose <c>at</c> is not later than it).
    /// </summary>
    public static LicenseProjection Replay(IReadOnlyList<RecordedEvent> events, Func<RecordedEvent, bool>? counts = null)
    {
        // Only valid events count (DESIGN §6): an event whose signature fails or that does not follow its stream,
        // and everything after it in that stream, is ignored. Signatures are checked on all cores.
        // (Verifying once, at append, and persisting the projection is the next step.)
        var signed = new bool[events.Count];
        Parallel.For(0, events.Count, i => signed[i] = events[i].Event.HasValidSignature());
        // KeyCompromised is retroactive: find every cut-off first, then apply only what stands.
        var cutoffs = new Dictionary<(IdentityId Stream, IdentityId Key), long>();
        for (int i = 0; i < events.Count; i++)
            if (signed[i] && (counts is null || counts(events[i])) && events[i].Event is var e && e.Type == EventTypes.KeyCompromised && KeyCompromised.TryRead(e.Data, out var c, out _))
                cutoffs[(e.Stream, c.Key)] = cutoffs.TryGetValue((e.Stream, c.Key), out var n) ? Math.Min(n, c.LastValidSeq) : c.LastValidSeq;
        int index = 0;
        var heads = new Dictionary<IdentityId, StreamHead?>();
        var broken = new HashSet<IdentityId>();
        var projection = new LicenseProjection();
        foreach (var e in events)
        {
            projection.Position = e.Position;
            var stream = e.Event.Stream;
            if (!signed[index++]) broken.Add(stream);
            if (broken.Contains(stream)) continue;
            var step = ChainRules.Next(heads.GetValueOrDefault(stream), e.Event);
            if (!step.IsValid || step.IsDuplicate) { broken.Add(stream); continue; }
            heads[stream] = step.Head;
            if (cutoffs.TryGetValue((stream, e.Event.Key), out var last) && e.Event.Seq > last) continue;
            if (counts is not null && !counts(e)) continue;
            projection.Apply(e);
        }
        return projection;
    }

    public IdentityRecord? FindIdentity(IdentityId id) => _identities.GetValueOrDefault(id);

    public IReadOnlyList<WorkClaim> ClaimsOf(WorkId work) =>
        _claims.TryGetValue(work, out var claims) ? claims : [];

    public IEnumerable<WorkClaim> AllClaims => _claims.Values.SelectMany(c => c);

    public Grant? FindGrant(EventId id) => _grants.GetValueOrDefault(id);

    /// <summary>The grants made for <paramref name="owner"/>'s works, in position order.</summary>
    public IReadOnlyList<Grant> GrantsFor(IdentityId owner) =>
        _grantsByOwner.TryGetValue(owner, out var grants) ? grants : [];

    /// <summary>Whether <paramref name="signer"/> may grant on <paramref name="owner"/>'s behalf. Mandates come with the societies issue.</summary>
    public bool IsAuthorizedGrantor(IdentityId signer, IdentityId owner, LicenseGranted license, LedgerTime at) => signer == owner;

    private void Apply(RecordedEvent recorded)
    {
        Position = recorded.Position;
        var e = recorded.Event;
        switch (e.Type)
        {
            case EventTypes.IdentityCreated when IdentityCreated.TryRead(e.Data, out var created, out _):
                _identities[e.Stream] = new IdentityRecord(e.Stream, created.Name, created.Role, created.Contact, e.At, e.Stream, 1);
                break;
            case EventTypes.WorkRegistered when WorkRegistered.TryRead(e.Data, out var registered, out _):
            {
                if (!_claims.TryGetValue(registered.Work, out var claims)) _claims[registered.Work] = claims = [];
                if (!claims.Any(c => c.Claimant == e.Stream))
                    claims.Add(new WorkClaim(registered.Work, e.Stream, registered, e.At, e.Id, recorded.Position));
                break;
            }
            case EventTypes.WorkWithdrawn when WorkWithdrawn.TryRead(e.Data, out var withdrawn, out _):
                if (_claims.TryGetValue(withdrawn.Work, out var held)) held.RemoveAll(c => c.Claimant == e.Stream);
                break;
            case EventTypes.LicenseGranted when LicenseGranted.TryRead(e.Data, out var license, out _):
            {
                var owner = license.Owner ?? e.Stream;
                if (!IsAuthorizedGrantor(e.Stream, owner, license, e.At)) break;
                var grant = new Grant(e.Id, e.Stream, owner, license, e.At, recorded.Position);
                _grants[e.Id] = grant;
                _grantOrder.Add(grant);
                if (!_grantsByOwner.TryGetValue(owner, out var owned)) _grantsByOwner[owner] = owned = [];
                owned.Add(grant);
                break;
            }
            case EventTypes.LicenseRevoked when LicenseRevoked.TryRead(e.Data, out var revoked, out _):
            {
                if (!_grants.TryGetValue(revoked.Grant, out var grant)) break;
                if (e.Stream != grant.Signer && e.Stream != grant.Owner) break;
                // Never retroactive: an effective time before the revocation's own time takes effect at that time.
                var effective = revoked.Effective < e.At ? e.At : revoked.Effective;
                if (grant.Revocation is null || effective < grant.Revocation.Effective)
                    grant.Revocation = new Revocation(e.Id, grant.Id, e.Stream, effective, revoked.Reason, e.At, recorded.Position);
                break;
            }
        }
        if (_identities.TryGetValue(e.Stream, out var identity))
        {
            var key = identity.CurrentKey;
            if (e.Type == EventTypes.KeyRotated && KeyRotated.TryRead(e.Data, out var rotated, out _)) key = rotated.Next;
            else if (e.Type == EventTypes.KeyCompromised) key = e.Key;
            _identities[e.Stream] = identity with { Seq = e.Seq, CurrentKey = key };
        }
    }
}
