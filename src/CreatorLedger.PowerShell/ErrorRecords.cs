using System.Management.Automation;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Transparency;

namespace CreatorLedger.PowerShell;

/// <summary>The one mapping of the core's exceptions to ErrorRecords: a stable id (tests assert it) and the right category.</summary>
internal static class ErrorRecords
{
    /// <summary>An exception the core throws for a user's input or a store's state, as opposed to a bug.</summary>
    public static bool IsDomain(Exception e) =>
        e is LicensingException or AuthorException or WrongExpectedRevisionException or EventRejectedException or LedgerStoreException
            or KeyFileException or TransparencyException or CheckpointNoteRejectedException or ForkDetectedException;

    public static ErrorRecord From(Exception e, object? target) => e switch
    {
        LicensingException l => new ErrorRecord(l, l.Problem.ToString(), l.Problem switch
        {
            LicensingProblem.WorkNotFound or LicensingProblem.GrantNotFound or LicensingProblem.MandateNotFound or LicensingProblem.AgentNotFound => ErrorCategory.ObjectNotFound,
            LicensingProblem.WorkNotOwned or LicensingProblem.GrantNotOwned or LicensingProblem.NoMandate or LicensingProblem.WorkNotLicensed => ErrorCategory.PermissionDenied,
            LicensingProblem.AlreadyRevoked => ErrorCategory.ResourceExists,
            LicensingProblem.ManifestInvalid => ErrorCategory.SecurityError,
            _ => ErrorCategory.InvalidArgument,
        }, target),
        AuthorException a => new ErrorRecord(a, a.Problem == AuthorProblem.IdentityNotOnLedger ? ErrorIds.IdentityNotFound : ErrorIds.KeyNotCurrent,
            a.Problem == AuthorProblem.IdentityNotOnLedger ? ErrorCategory.ObjectNotFound : ErrorCategory.SecurityError, target),
        WrongExpectedRevisionException w => new ErrorRecord(w, ErrorIds.ConcurrentAppend, ErrorCategory.ResourceBusy, target),
        EventRejectedException r => new ErrorRecord(r, ErrorIds.EventRejected, ErrorCategory.SecurityError, target),
        CheckpointMismatchException c => new ErrorRecord(c, ErrorIds.CheckpointMismatch, ErrorCategory.InvalidArgument, target),
        LedgerStoreException s => new ErrorRecord(s, ErrorIds.StoreUnavailable, ErrorCategory.OpenError, target),
        KeyFileException k => KeyFile(k),
        TransparencyException t => new ErrorRecord(t, t.Problem.ToString(), t.Problem switch
        {
            TransparencyProblem.CheckpointNotSigned or TransparencyProblem.OutOfRange => ErrorCategory.ObjectNotFound,
            TransparencyProblem.LogKeyMismatch or TransparencyProblem.NotVerified or TransparencyProblem.Withheld or TransparencyProblem.NotWitnessed
                or TransparencyProblem.CheckpointTooOld => ErrorCategory.SecurityError,
            _ => ErrorCategory.InvalidArgument,
        }, target),
        CheckpointNoteRejectedException r => new ErrorRecord(r, ErrorIds.CheckpointRejected, ErrorCategory.SecurityError, target),
        ForkDetectedException f => new ErrorRecord(f, ErrorIds.ForkDetected, ErrorCategory.SecurityError, f.Folder),
        _ => new ErrorRecord(e, e.GetType().Name, ErrorCategory.NotSpecified, target),
    };

    /// <summary>A key file that cannot be used: the wrong passphrase, not a key file, or unreadable.</summary>
    public static ErrorRecord KeyFile(KeyFileException e)
    {
        var (id, category) = e.Problem switch
        {
            KeyFileProblem.WrongPassphrase => (ErrorIds.WrongPassphrase, ErrorCategory.AuthenticationError),
            KeyFileProblem.NotAKeyFile => (ErrorIds.NotAKeyFile, ErrorCategory.InvalidData),
            _ => (ErrorIds.KeyFileUnreadable, ErrorCategory.ReadError),
        };
        return new ErrorRecord(e, id, category, e.Path);
    }
}
