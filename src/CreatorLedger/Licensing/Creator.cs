using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;

namespace CreatorLedger.Licensing;

/// <summary>
/// A creator acting on the ledger: the rules a person expects checked before anything is signed (you can only
/// license and withdraw works you hold, revoke grants you made or own, once, with a window that is not empty).
/// The projection enforces the same rules on replay, so a foreign writer gains nothing by skipping them.
/// </summary>
public sealed class Creator(IEventStore store, IdentityId identity, SigningKey key, TimeProvider? clock = null, string? projectionFile = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Author _author = new(store, identity, key, clock);

    public IdentityId Identity { get; } = identity;

    /// <summary>
    /// Registers works in lists (<see cref="WorkRegistered.Batches"/>: up to 1,000 per event, each envelope under every
    /// store's size limit), so a folder costs a few signatures; a lone work is written in the single form. Works already
    /// yours are skipped; works others hold are registered and reported as disputed. Progress counts works written.
    /// </summary>
    public async Task<RegistrationOutcome> RegisterAsync(IReadOnlyList<RegisteredWork> works, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var projection = await HeadAsync(cancellationToken).ConfigureAwait(false);
        var fresh = new List<RegisteredWork>();
        var mine = new List<WorkId>();
        var disputed = new List<(WorkId, IReadOnlyList<IdentityId>)>();
        var seen = new HashSet<WorkId>(works.Count);
        foreach (var work in works)
        {
            if (!seen.Add(work.Work)) continue;
            // Most works of a folder are new, or already this creator's alone: both are answered without allocating.
            // Only a work someone else holds needs its claims listed.
            int holders = projection.Claimants(work.Work, out var owner);
            if (holders == 0) { fresh.Add(work); continue; }
            if (holders == 1 && owner == Identity) { mine.Add(work.Work); continue; }
            var claims = projection.ClaimsOf(work.Work);
            if (claims.Any(c => c.Claimant == Identity)) { mine.Add(work.Work); continue; }
            if (claims.Count > 0) disputed.Add((work.Work, claims.Select(c => c.Claimant).ToArray()));
            fresh.Add(work);
        }
        var events = WorkRegistered.Batches(fresh).ToList();
        var worksBefore = new int[events.Count + 1];
        for (int i = 0; i < events.Count; i++) worksBefore[i + 1] = worksBefore[i] + events[i].Works.Count;
        var eventsWritten = progress is null ? null : new WorksWritten(progress, worksBefore);
        // Each event's canonical data is written independently of the others: on every core.
        var drafts = new EventDraft[events.Count];
        try
        {
            Parallel.For(0, events.Count, i => drafts[i] = events[i].ToDraft());
        }
        catch (AggregateException e)
        {
            // A work that cannot be written fails as it would on one core, not wrapped.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        var written = events.Count == 0 ? []
            : await _author.AppendAsync(drafts, eventsWritten, cancellationToken).ConfigureAwait(false);
        var registered = new List<(RegisteredWork, SignedEvent)>(fresh.Count);
        for (int i = 0; i < events.Count; i++)
            foreach (var work in events[i].Works) registered.Add((work, written[i]));
        return new RegistrationOutcome(registered, mine, disputed);
    }

    public async Task<SignedEvent> WithdrawAsync(WorkId work, CancellationToken cancellationToken = default)
    {
        var projection = await HeadAsync(cancellationToken).ConfigureAwait(false);
        RequireHeld(projection, work);
        return await _author.AppendAsync(new WorkWithdrawn(work).ToDraft(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Grants a license on this identity's works, or — with <see cref="LicenseGranted.Owner"/> set to another creator —
    /// on that creator's works as their agent, which needs a mandate from them covering every work and use now.
    /// </summary>
    public async Task<Grant> GrantAsync(LicenseGranted license, CancellationToken cancellationToken = default)
    {
        var owner = license.Owner ?? Identity;
        var loaded = await LoadAsync(cancellationToken).ConfigureAwait(false);
        var projection = loaded.Head;
        if (owner != Identity)
        {
            var now = LedgerTime.From(_clock.GetUtcNow());
            if (loaded.MandateFor(Identity, owner, license.Works, license.Uses, now) is null)
                throw new LicensingException(LicensingProblem.NoMandate,
                    $"No mandate from {owner} lets {Identity} grant {string.Join(", ", license.Uses.Select(u => u.Name))} on " +
                    $"{(license.Works is null ? "all their works" : $"{license.Works.Count} work(s)")} now: a mandate must cover every work and use, and be in force and not revoked.");
        }
        foreach (var work in license.Works ?? []) RequireHeld(projection, work, owner);
        var signed = await _author.AppendAsync(license.ToDraft(), cancellationToken).ConfigureAwait(false);
        return new Grant(signed.Id, Identity, owner, license, signed.At, 0);
    }

    /// <summary>Lets an agent (a collecting society) grant licenses on this creator's works, within the mandate's works, uses and window.</summary>
    public async Task<Mandate> GrantMandateAsync(MandateGranted mandate, CancellationToken cancellationToken = default)
    {
        TermsRules.Commission(mandate.CommissionPercent);
        if (mandate.Agent == Identity)
            throw new LicensingException(LicensingProblem.AgentNotFound, "A creator cannot give a mandate to themselves.");
        var projection = await HeadAsync(cancellationToken).ConfigureAwait(false);
        if (projection.FindIdentity(mandate.Agent) is null)
            throw new LicensingException(LicensingProblem.AgentNotFound, $"The agent {mandate.Agent} has no identity on this ledger.");
        foreach (var work in mandate.Works ?? []) RequireHeld(projection, work, Identity);
        var signed = await _author.AppendAsync(mandate.ToDraft(), cancellationToken).ConfigureAwait(false);
        return new Mandate(signed.Id, Identity, mandate, signed.At, 0, null);
    }

    /// <summary>Ends one of this creator's mandates now. Grants the agent made under it stand; it can make no more.</summary>
    public async Task<SignedEvent> RevokeMandateAsync(EventId mandateId, CancellationToken cancellationToken = default)
    {
        var projection = await HeadAsync(cancellationToken).ConfigureAwait(false);
        var mandate = projection.Mandates.FirstOrDefault(m => m.Id == mandateId)
            ?? throw new LicensingException(LicensingProblem.MandateNotFound, $"No mandate {mandateId} is on this ledger.");
        if (mandate.Owner != Identity)
            throw new LicensingException(LicensingProblem.GrantNotOwned, $"Mandate {mandateId} was given by {mandate.Owner}; only they can revoke it.");
        if (mandate.RevokedAt is { } revoked)
            throw new LicensingException(LicensingProblem.AlreadyRevoked, $"Mandate {mandateId} was already revoked at {revoked}.");
        return await _author.AppendAsync(new MandateRevoked(mandateId).ToDraft(), cancellationToken).ConfigureAwait(false);
    }

    public async Task<Revocation> RevokeAsync(EventId grantId, LedgerTime? effective, string reason, CancellationToken cancellationToken = default)
    {
        var projection = await HeadAsync(cancellationToken).ConfigureAwait(false);
        var grant = projection.FindGrant(grantId)
            ?? throw new LicensingException(LicensingProblem.GrantNotFound, $"No grant {grantId} is on this ledger.");
        if (grant.Signer != Identity && grant.Owner != Identity)
            throw new LicensingException(LicensingProblem.GrantNotOwned, $"Grant {grantId} was made by {grant.Signer} for {grant.Owner}; only they can revoke it.");
        if (grant.Revocation is not null)
            throw new LicensingException(LicensingProblem.AlreadyRevoked, $"Grant {grantId} is already revoked (effective {grant.Revocation.Effective}, by {grant.Revocation.Id}).");
        var now = LedgerTime.From(_clock.GetUtcNow());
        var when = effective ?? now;
        if (when < now)
            throw new LicensingException(LicensingProblem.InvalidWindow, $"A revocation cannot take effect in the past ({when} is before now, {now}).");
        var signed = await _author.AppendAsync(new LicenseRevoked(grantId, when, reason).ToDraft(), cancellationToken).ConfigureAwait(false);
        return new Revocation(signed.Id, grantId, Identity, when, reason, signed.At, 0);
    }

    // Author counts events; a registration's caller counts works: event n ends after worksBefore[n] works.
    private sealed class WorksWritten(IProgress<int> works, int[] worksBefore) : IProgress<int>
    {
        public void Report(int value) => works.Report(worksBefore[value]);
    }

    private Task<LicenseProjection> LoadAsync(CancellationToken cancellationToken) =>
        LicenseProjection.LoadAsync(store, projectionFile, null, cancellationToken);

    private async Task<LicenseView> HeadAsync(CancellationToken cancellationToken) => (await LoadAsync(cancellationToken).ConfigureAwait(false)).Head;

    private void RequireHeld(LicenseView projection, WorkId work) => RequireHeld(projection, work, Identity);

    private static void RequireHeld(LicenseView projection, WorkId work, IdentityId holder)
    {
        var claims = projection.ClaimsOf(work);
        if (claims.Count == 0) throw new LicensingException(LicensingProblem.WorkNotFound, $"The work {work} is not registered on this ledger.");
        if (!claims.Any(c => c.Claimant == holder))
            throw new LicensingException(LicensingProblem.WorkNotOwned, $"The work {work} is registered by {claims[0].Claimant}, not by {holder}.");
    }
}
