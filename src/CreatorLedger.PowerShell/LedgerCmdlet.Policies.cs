using System.Management.Automation;
using CreatorLedger.Transparency;

namespace CreatorLedger.PowerShell;

public abstract partial class LedgerCmdlet
{
    /// <summary>Where a mirror saves the notes that prove a fork: ~/.creatorledger/evidence (CREATORLEDGER_HOME).</summary>
    internal static string EvidenceFolder => Path.Combine(LedgerHome.Directory, "evidence");

    /// <summary>A C2SP tlog-policy file, parsed exactly; terminating PolicyInvalid naming the line otherwise.</summary>
    internal TrustPolicy ReadPolicy(string given)
    {
        var path = GetUnresolvedProviderPathFromPSPath(given);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(e, e is FileNotFoundException or DirectoryNotFoundException ? ErrorIds.PathNotFound : ErrorIds.FileUnreadable,
                ErrorCategory.ReadError, path));
            throw;
        }
        if (!TrustPolicy.TryParse(bytes, out var policy, out var problem))
            ThrowTerminatingError(new ErrorRecord(new InvalidDataException($"The policy '{path}' does not parse: {problem}."), ErrorIds.PolicyInvalid, ErrorCategory.InvalidData, path));
        return policy!;
    }
}
