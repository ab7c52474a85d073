using CreatorLedger.Events;
using CreatorLedger.Ledger;

namespace CreatorLedger.Licensing;

/// <summary>
/// DESIGN §6, the projection's core rule. Claimants decide ownership (none: NotRegistered; several: Disputed).
/// Each candidate grant of the owner covering the work is checked in a fixed order — licensee, use, window,
/// revocation, commercial, territory — stopping at its first failure; any grant passing all is effective. When
/// none is, the reason is that of the grant that passed the most checks (ties: the earliest in position order).
/// </summary>
public static class ConsentRules
{
    // Checks passed by a grant that fails at this reason; a grant passing everything passed 6.
    private static int Progress(ConsentReason reason) => reason switch
    {
        ConsentReason.LicenseeNotCovered => 0,
        ConsentReason.UseNotCovered => 1,
        ConsentReason.NotYetValid or ConsentReason.Expired => 2,
        ConsentReason.Revoked => 3,
        ConsentReason.CommercialNotAllowed => 4,
        ConsentReason.TerritoryNotCovered => 5,
        _ => 6,
    };

    /// <summary>Decides one request on the licenses as a cut of the ledger sees them, with windows evaluated at <paramref name="at"/>.</summary>
    public static ConsentDecision Decide(LicenseView licenses, ConsentRequest request, LedgerTime at, Checkpoint? checkpoint = null)
    {
        var claimants = licenses.Claimants(request.Work, out var held);
        if (claimants == 0) return new(request.Work, ConsentReason.NotRegistered, null, [], at, checkpoint);
        if (claimants > 1 || held is not { } owner) return new(request.Work, ConsentReason.Disputed, null, [], at, checkpoint);

        var effective = new List<EventId>();
        Grant? closest = null;
        var closestReason = ConsentReason.NoGrant;
        foreach (var grant in licenses.GrantsFor(owner))
        {
            // "*" covers every work the owner holds at the time asked: they do, being its only claimant.
            if (grant.License.Works is { } works && !works.Contains(request.Work)) continue;
            var failure = FirstFailure(grant, request, at);
            if (failure is null) { effective.Add(grant.Id); continue; }
            if (closest is null || Progress(failure.Value) > Progress(closestReason))
            {
                closest = grant;
                closestReason = failure.Value;
            }
        }
        if (effective.Count > 0) return new(request.Work, ConsentReason.Licensed, owner, effective, at, checkpoint);
        return new(request.Work, closestReason, owner, closest is null ? [] : [closest.Id], at, checkpoint);
    }

    /// <summary>The first check a grant fails for a request at a time, or null when it is effective.</summary>
    public static ConsentReason? FirstFailure(Grant grant, ConsentRequest request, LedgerTime at)
    {
        var license = grant.License;
        if (license.Licensee is { } licensee && licensee != request.Licensee) return ConsentReason.LicenseeNotCovered;
        if (!Covers(license.Uses, request.Use)) return ConsentReason.UseNotCovered;
        if (license.Window.IsAhead(at)) return ConsentReason.NotYetValid;
        if (license.Window.HasEnded(at)) return ConsentReason.Expired;
        if (grant.Revocation is { } revocation && revocation.Effective <= at) return ConsentReason.Revoked;
        if (request.Commercial && !license.Commercial) return ConsentReason.CommercialNotAllowed;
        if (license.Territories is { } territories && (request.Territory is null || !territories.Contains(request.Territory)))
            return ConsentReason.TerritoryNotCovered;
        return null;
    }

    private static bool Covers(IReadOnlyList<Use> granted, Use requested)
    {
        for (int i = 0; i < granted.Count; i++)
            if (granted[i].Covers(requested)) return true;
        return false;
    }
}
