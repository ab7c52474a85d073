namespace CreatorLedger.Licensing;

/// <summary>Why a work may or may not be used (DESIGN §6), from the most general to the most specific.</summary>
public enum ConsentReason
{
    /// <summary>An effective grant covers the request.</summary>
    Licensed,
    /// <summary>No identity claims the work.</summary>
    NotRegistered,
    /// <summary>More than one identity claims the work: never licensable until only one claim remains.</summary>
    Disputed,
    /// <summary>The owner has made no grant covering this work.</summary>
    NoGrant,
    /// <summary>Grants exist, but for other licensees.</summary>
    LicenseeNotCovered,
    /// <summary>A grant covers the licensee but not this use (nor an ancestor of it).</summary>
    UseNotCovered,
    /// <summary>The grant's window has not begun.</summary>
    NotYetValid,
    /// <summary>The grant's window has ended.</summary>
    Expired,
    /// <summary>The grant was revoked, effective no later than the time asked.</summary>
    Revoked,
    /// <summary>Commercial use was asked for and the grant does not allow it.</summary>
    CommercialNotAllowed,
    /// <summary>The grant is limited to territories that do not include the one asked for (or none was given).</summary>
    TerritoryNotCovered,
}
