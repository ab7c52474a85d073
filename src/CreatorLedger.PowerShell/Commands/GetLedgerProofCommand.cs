using System.Globalization;
using System.Management.Automation;
using CreatorLedger.Transparency;

namespace CreatorLedger.PowerShell.Commands;

/// <summary>
/// Reads a proof from the ledger's tiles, bound to a signed checkpoint so it verifies offline: an event's inclusion
/// (C2SP tlog-proof) or an older size's consistency with a signed checkpoint.
/// </summary>
[Cmdlet(VerbsCommon.Get, "LedgerProof", DefaultParameterSetName = InclusionSet)]
[OutputType(typeof(LedgerProof))]
public sealed class GetLedgerProofCommand : LedgerCmdlet
{
    private const string InclusionSet = "Inclusion";
    private const string ConsistencySet = "Consistency";

    /// <summary>The event: its id (64 hex digits) or its position in the ledger.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = InclusionSet, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ValidateNotNullOrEmpty]
    public string Event { get; set; } = "";

    /// <summary>The size of the signed checkpoint to prove inclusion in (default: the newest signed one).</summary>
    [Parameter(ParameterSetName = InclusionSet)]
    [ValidateRange(1, long.MaxValue)]
    public long? Checkpoint { get; set; }

    /// <summary>The older size a consistency proof starts from.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ConsistencySet)]
    [ValidateRange(0, long.MaxValue)]
    public long From { get; set; }

    /// <summary>The size of the signed checkpoint it proves consistency with (default: the newest signed one).</summary>
    [Parameter(ParameterSetName = ConsistencySet)]
    [ValidateRange(1, long.MaxValue)]
    public long? To { get; set; }

    /// <summary>Writes the proof to this file as well (.tlog-proof for inclusion proofs).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutFile { get; set; }

    /// <summary>Overwrites an existing -OutFile.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    private string? _path;

    protected override void BeginProcessing()
    {
        if (OutFile is null) return;
        _path = OutputPath(OutFile, Force);
    }

    protected override void ProcessRecord()
    {
        var store = ConnectedStore();
        var log = new TransparencyLog(store);
        LedgerProof proof;
        if (ParameterSetName == ConsistencySet)
        {
            var consistency = Guard(() => Run(log.ConsistencyProofAsync(From, To)));
            proof = new LedgerProof
            {
                Kind = nameof(ProofKind.Consistency), From = consistency.Old.ToString(), Checkpoint = consistency.Checkpoint.ToCheckpoint().ToString(),
                Hashes = consistency.Hashes.Count, Text = consistency.Format(), Path = _path,
            };
        }
        else
        {
            long position = ResolvePosition(store);
            var inclusion = Guard(() => Run(log.InclusionProofAsync(position, Checkpoint)));
            proof = new LedgerProof
            {
                Kind = nameof(ProofKind.Inclusion), Position = position, EventId = Convert.ToHexStringLower(inclusion.Extra),
                Checkpoint = inclusion.Checkpoint.ToCheckpoint().ToString(), Hashes = inclusion.Hashes.Count, Text = inclusion.Format(), Path = _path,
            };
        }
        if (_path is not null) Files.WriteAtomically(_path, System.Text.Encoding.UTF8.GetBytes(proof.Text));
        WriteObject(proof);
    }

    /// <summary>A position as typed, or the position of the event with the id typed (terminating errors otherwise).</summary>
    private long ResolvePosition(Ledger.IEventStore store)
    {
        if (long.TryParse(Event, NumberStyles.None, CultureInfo.InvariantCulture, out var position) && Event.Length < 20) return position;
        if (!EventId.TryParse(Event, out var id))
            ThrowArgumentError(ErrorIds.InvalidEvent, $"'{Event}' is neither an event id (64 hex digits) nor a position.", Event);
        var found = Guard(() => Run(FindAsync(store, id)));
        if (found is null)
            ThrowTerminatingError(new ErrorRecord(new ItemNotFoundException($"No event {id} is in {store.Description}."), ErrorIds.EventNotFound, ErrorCategory.ObjectNotFound, Event));
        return found!.Value;
    }

    private static async Task<long?> FindAsync(Ledger.IEventStore store, EventId id)
    {
        // Ids are random and not indexed (an index would halve the append rate): one pass over the stored ids.
        await foreach (var stored in store.ReadEnvelopesAsync(1))
            if ((stored.Id ?? CreatorLedger.Events.SignedEvent.Parse(stored.Bytes).Id) == id) return stored.Position;
        return null;
    }
}
