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

    public async Task<RegistrationOutcome> RegisterAsync(IReadOnlyList<WorkRegistered> works, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var projection = await HeadAsync(cancellationToken).ConfigureAwait(false);
        var drafts = new List<EventDraft>();
        var mine = new List<WorkId>();
        var disputed = new List<(WorkId, IReadOnlyList<IdentityId>)>();
        var seen = new HashSet<WorkId>();
        foreach (var work in works)
        {
            if (!seen.Add(work.Work)) continue;
            var claims = projection.ClaimsOf(work.Work);
            if (claims.Any(c => c.Claimant == Identity)) { mine.Add(work.Work); continue; }
            if (claims.Count > 0) disputed.Add((work.Work, claims.Select(c => c.Claimant).ToArray()));
            drafts.Add(work.ToDraft());
        }
        var written = drafts.Count == 0 ? [] : await _author.AppendAsync(drafts, progress, cancellationToken).ConfigureAwait(false);
        return new RegistrationOutcome(written, mine, disputed);
    }

    public async Task<SignedEvent> WithdrawAsync(WorkId work, CancellationToken cancellationToken = default)
    {
        var projection = await HeadAsync(cancellationToken).ConfigureAwait(false);
        RequireHeld(projection, work);
        return await _author.AppendAsync(new WorkWithdrawn(work).ToDraft(), cancellationToken).ConfigureAwait(false);
    }

    public async Task<Grant> GrantAsync(LicenseGranted license, CancellationToken cancellationToken = default)
    {
        if (license.Until is { } until && until <= license.From)
            throw new LicensingException(LicensingProblem.InvalidWindow, $"The license window is empty: until ({until}) must be later than from ({license.From}).");
        if (license.Owner is { } owner && owner != Identity)
            throw new LicensingException(LicensingProblem.WorkNotOwned, "Granting on another creator's behalf needs a mandate (not supported yet).");
        var projection = await HeadAsync(cancellationToken).ConfigureAwait(false);
        foreach (var work in license.Works ?? []) RequireHeld(projection, work);
        var signed = await _author.AppendAsync(license.ToDraft(), cancellationToken).ConfigureAwait(false);
        return new Grant(signed.Id, Identity, Identity, license, signed.At, 0);
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

    private async Task<LicenseView> HeadAsync(CancellationToken cancellationToken) =>
        (await LicenseProjection.LoadAsync(store, projectionFile, null, cancellationToken).ConfigureAwait(false)).Head;

    private void RequireHeld(LicenseView projection, WorkId work)
    {
        var claims = projection.ClaimsOf(work);
        if (claims.Count == 0) throw new LicensingException(LicensingProblem.WorkNotFound, $"The work {work} is not registered on this ledger.");
        if (!claims.Any(c => c.Claimant == Identity))
            throw new LicensingException(LicensingProblem.WorkNotOwned, $"The work {work} is registered by {claims[0].Claimant}, not by {Identity}.");
    }
}
