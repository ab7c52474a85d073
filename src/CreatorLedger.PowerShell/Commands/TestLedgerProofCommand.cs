using System.Management.Automation;
using CreatorLedger.Transparency;

namespace CreatorLedger.PowerShell.Commands;

/// <summary>
/// Verifies a proof file offline, with no ledger: the checkpoint's signature by the log key (given, or the policy's for
/// its origin), the witness quorum under a policy, and the RFC 9162 proof itself.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "LedgerProof", DefaultParameterSetName = KeySet)]
[OutputType(typeof(ProofVerification))]
public sealed class TestLedgerProofCommand : LedgerCmdlet
{
    private const string KeySet = "Key";
    private const string PolicySet = "Policy";

    /// <summary>The proof file (written by Get-LedgerProof -OutFile, or any C2SP tlog-proof).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>The log's verifier key(s), name+id+key (Get-LedgerCheckpoint -Signed shows it).</summary>
    [Parameter(Mandatory = true, ParameterSetName = KeySet)]
    [ValidateNotNullOrEmpty]
    public string[] LogKey { get; set; } = [];

    /// <summary>A C2SP tlog-policy file: the log keys, the witnesses and the quorum whose cosignatures the checkpoint needs.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PolicySet)]
    [ValidateNotNullOrEmpty]
    public string Policy { get; set; } = "";

    /// <summary>The event the proof must be of (needed for a tlog-proof that does not name its event).</summary>
    [Parameter]
    public string? Event { get; set; }

    protected override void ProcessRecord()
    {
        var path = GetUnresolvedProviderPathFromPSPath(Path);
        var text = ReadText(path);
        var keys = new List<NoteVerifierKey>();
        foreach (var given in LogKey)
        {
            if (!NoteVerifierKey.TryParse(given, out var key, out var problem))
                ThrowArgumentError(ErrorIds.InvalidKey, $"'{given}' is not a verifier key (name+id+key): {problem}.", given);
            keys.Add(key!);
        }
        var policy = ParameterSetName == PolicySet ? ReadPolicy(Policy) : null;
        EventId? expected = null;
        if (Event is not null)
        {
            if (!EventId.TryParse(Event, out var id)) ThrowArgumentError(ErrorIds.InvalidEvent, $"'{Event}' is not an event id (64 hex digits).", Event);
            expected = id;
        }
        ProofCheckResult result;
        try
        {
            result = ProofCheck.Verify(text, keys, policy, expected);
        }
        catch (FormatException e)
        {
            ThrowTerminatingError(new ErrorRecord(new InvalidDataException($"'{path}' is not a proof: {e.Message}", e), ErrorIds.InvalidProof, ErrorCategory.InvalidData, path));
            throw;
        }
        WriteObject(new ProofVerification
        {
            Valid = result.IsValid, Kind = result.Kind.ToString(), Problem = result.Problem, Origin = result.Checkpoint.Origin,
            Checkpoint = result.Checkpoint.ToCheckpoint().ToString(), Position = result.Position, EventId = result.Event?.Hex, From = result.Old?.ToString(),
            SignedBy = [.. result.Verified.Select(k => $"{k.Name}+{k.KeyIdHex}")], Path = path,
        });
    }

    private string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(e, e is FileNotFoundException or DirectoryNotFoundException ? ErrorIds.PathNotFound : ErrorIds.FileUnreadable,
                ErrorCategory.ReadError, path));
            throw;
        }
    }
}
