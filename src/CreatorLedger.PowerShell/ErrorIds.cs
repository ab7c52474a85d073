namespace CreatorLedger.PowerShell;

/// <summary>Stable error ids (PowerShell appends ",&lt;Namespace&gt;.&lt;Command&gt;"). Tests assert them.</summary>
internal static class ErrorIds
{
    public const string IdentityNotFound = nameof(IdentityNotFound);
    public const string IdentityExists = nameof(IdentityExists);
    public const string PassphraseRequired = nameof(PassphraseRequired);
    public const string WrongPassphrase = nameof(WrongPassphrase);
    public const string NotAKeyFile = nameof(NotAKeyFile);
    public const string KeyFileUnreadable = nameof(KeyFileUnreadable);
    public const string PathNotFound = nameof(PathNotFound);
    public const string WorkNotFound = nameof(WorkNotFound);
    public const string WorkNotOwned = nameof(WorkNotOwned);
    public const string GrantNotFound = nameof(GrantNotFound);
    public const string GrantNotOwned = nameof(GrantNotOwned);
    public const string AlreadyRevoked = nameof(AlreadyRevoked);
    public const string InvalidWindow = nameof(InvalidWindow);
    public const string InvalidTerms = nameof(InvalidTerms);
    public const string UnknownUse = nameof(UnknownUse);
    public const string InvalidLicensee = nameof(InvalidLicensee);
    public const string InvalidKey = nameof(InvalidKey);
    public const string KeyNotCurrent = nameof(KeyNotCurrent);
    public const string InvalidCheckpoint = nameof(InvalidCheckpoint);
    public const string CheckpointMismatch = nameof(CheckpointMismatch);
    public const string ManifestInvalid = nameof(ManifestInvalid);
    public const string InvalidWork = nameof(InvalidWork);
    public const string InvalidEventFile = nameof(InvalidEventFile);
    public const string StoreUnavailable = nameof(StoreUnavailable);
    public const string ConcurrentAppend = nameof(ConcurrentAppend);
    public const string EventRejected = nameof(EventRejected);
    public const string FileExists = nameof(FileExists);
    public const string FileUnreadable = nameof(FileUnreadable);
    public const string NoMandate = nameof(NoMandate);
    public const string MandateNotFound = nameof(MandateNotFound);
    public const string AgentNotFound = nameof(AgentNotFound);
    public const string WorkNotLicensed = nameof(WorkNotLicensed);
    public const string InvalidPeriod = nameof(InvalidPeriod);
    public const string InvalidAmount = nameof(InvalidAmount);
    public const string UnknownCurrency = nameof(UnknownCurrency);
    public const string StatementMismatch = nameof(StatementMismatch);
    public const string CannotFollow = nameof(CannotFollow);
    public const string InvalidEvent = nameof(InvalidEvent);
    public const string EventNotFound = nameof(EventNotFound);
    public const string InvalidProof = nameof(InvalidProof);
    public const string PolicyInvalid = nameof(PolicyInvalid);
    public const string CheckpointRejected = nameof(CheckpointRejected);
    public const string NoWitness = nameof(NoWitness);
    public const string ForkDetected = nameof(ForkDetected);
    public const string InvalidMaxAge = nameof(InvalidMaxAge);
    public const string InvalidUrl = nameof(InvalidUrl);
    public const string WitnessUnreachable = nameof(WitnessUnreachable);
    public const string WitnessRefused = nameof(WitnessRefused);
    public const string WitnessAhead = nameof(WitnessAhead);
    public const string ParameterConflict = nameof(ParameterConflict);
    public const string PolicyRequired = nameof(PolicyRequired);
    public const string ColumnNotFound = nameof(ColumnNotFound);
    public const string InvalidColumn = nameof(InvalidColumn);
}
