using System.Management.Automation;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
using CreatorLedger.Payouts;

namespace CreatorLedger.PowerShell;

public abstract partial class LedgerCmdlet
{
    /// <summary>Weights per work from a CSV file (Work and Weight columns); terminating PathNotFound or InvalidAmount.</summary>
    internal Dictionary<WorkId, decimal>? ReadWeights(string? given)
    {
        if (given is null) return null;
        var path = GetUnresolvedProviderPathFromPSPath(given);
        if (!File.Exists(path))
            ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"Cannot find the weight file '{path}'.", path), ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, given));
        try { return StatementFile.ReadWeights(path); }
        catch (InvalidDataException e) { ThrowTerminatingError(new ErrorRecord(e, ErrorIds.InvalidAmount, ErrorCategory.InvalidData, given)); throw; }
    }

    /// <summary>
    /// A statement file recomputed from the ledger at its checkpoint (the core's <see cref="StatementCheck"/>); terminating
    /// PathNotFound for a missing file, StatementMismatch for one that is not a statement, CheckpointMismatch for another ledger's.
    /// </summary>
    internal (StatementVerification Verification, string Path) VerifyStatement(IEventStore store, LicenseProjection projection, string given, string? weightFile)
    {
        var path = GetUnresolvedProviderPathFromPSPath(given);
        if (!File.Exists(path))
            ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"Cannot find the statement '{path}'.", path), ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path));
        var weights = ReadWeights(weightFile);
        try
        {
            return (Guard(() => Run(StatementCheck.VerifyAsync(store, projection, File.ReadAllBytes(path), path, weights)), path), path);
        }
        catch (CheckpointMismatchException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.CheckpointMismatch, ErrorCategory.InvalidArgument, path));
            throw;
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.StatementMismatch, ErrorCategory.InvalidData, path));
            throw;
        }
    }
}
