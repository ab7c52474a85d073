using System.Management.Automation;
using CreatorLedger.Licensing;
using CreatorLedger.Transparency;

namespace CreatorLedger.PowerShell;

public abstract partial class LedgerCmdlet
{
    /// <summary>Where a mirror saves the notes that prove a fork: ~/.creatorledger/evidence (CREATORLEDGER_HOME).</summary>
    internal static string EvidenceFolder => Path.Combine(LedgerHome.Directory, "evidence");

    /// <summary>
    /// The session's trust policy (Connect-Ledger -Policy, else the file CREATORLEDGER_POLICY names), or null when decisions
    /// are made at the unwitnessed head.
    /// </summary>
    internal TrustedCheckpoints? SessionTrust()
    {
        var policy = LedgerSession.Policy;
        if (policy is null && Environment.GetEnvironmentVariable(LedgerSession.PolicyVariable) is { Length: > 0 } path)
            LedgerSession.Policy = policy = (path, ReadPolicy(path), TrustedCheckpoints.DefaultMaxAge);
        return policy is { } p ? new TrustedCheckpoints(p.Policy, p.MaxAge, Clock) : null;
    }

    /// <summary>The checkpoint the session's policy accepts for <paramref name="store"/>, asking the policy's witnesses what they cosigned; terminating errors when there is none fit to decide at.</summary>
    internal AcceptedCheckpoint AcceptedCheckpoint(TrustedCheckpoints trust, Ledger.IEventStore store)
    {
        using var http = WitnessHttp();
        return Guard(() => Run(trust.AcceptAsync(store, new WitnessClient(http))), store.Description);
    }

    /// <summary>
    /// Where a dataset is decided: at -Checkpoint (text, checked against the ledger), else under the session's trust
    /// policy, else at the head as of <paramref name="at"/>; terminating errors otherwise.
    /// </summary>
    internal DecisionPoint ChooseDecisionPoint(Ledger.IEventStore store, LicenseProjection projection, LedgerTime at, string? checkpointText)
    {
        Base.Checkpoint? asked = null;
        if (checkpointText is not null)
        {
            if (!Base.Checkpoint.TryParse(checkpointText, out var parsed))
                ThrowArgumentError(ErrorIds.InvalidCheckpoint, $"'{checkpointText}' is not a checkpoint (size:root, as Get-LedgerCheckpoint writes it).", checkpointText);
            asked = parsed;
        }
        var trust = asked is null ? SessionTrust() : null;
        using var http = WitnessHttp();
        try
        {
            return Guard(() => Run(DecisionPoint.ChooseAsync(store, projection, at, asked, trust, trust is null ? null : new WitnessClient(http))), store.Description);
        }
        catch (Ledger.CheckpointMismatchException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.CheckpointMismatch, ErrorCategory.InvalidArgument, checkpointText));
            throw;
        }
    }

    /// <summary>Witnesses are asked briefly: one that does not answer in 10 seconds is passed over (the maximum age still holds).</summary>
    internal static HttpClient WitnessHttp() => new() { Timeout = TimeSpan.FromSeconds(10) };

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
