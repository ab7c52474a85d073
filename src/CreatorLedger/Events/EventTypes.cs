namespace CreatorLedger.Events;

/// <summary>The event types of DESIGN §4. Other types are kept and ignored by projections.</summary>
public static class EventTypes
{
    public const string IdentityCreated = nameof(IdentityCreated);
    public const string KeyRotated = nameof(KeyRotated);
    public const string KeyCompromised = nameof(KeyCompromised);
    public const string WorkRegistered = nameof(WorkRegistered);
    public const string WorkWithdrawn = nameof(WorkWithdrawn);
    public const string LicenseGranted = nameof(LicenseGranted);
    public const string LicenseRevoked = nameof(LicenseRevoked);
    public const string MandateGranted = nameof(MandateGranted);
    public const string MandateRevoked = nameof(MandateRevoked);
    public const string UsageReported = nameof(UsageReported);
    public const string PayoutStatementIssued = nameof(PayoutStatementIssued);
}
