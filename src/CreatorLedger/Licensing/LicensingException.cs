namespace CreatorLedger.Licensing;

public enum LicensingProblem
{
    WorkNotFound,
    WorkNotOwned,
    GrantNotFound,
    GrantNotOwned,
    AlreadyRevoked,
    InvalidWindow,
    InvalidTerms,
    NoMandate,
    MandateNotFound,
    AgentNotFound,
    WorkNotLicensed,
    ManifestInvalid,
}

/// <summary>A creator's request breaks a licensing rule; nothing was written.</summary>
public sealed class LicensingException(LicensingProblem problem, string message) : Exception(message)
{
    public LicensingProblem Problem { get; } = problem;
}
