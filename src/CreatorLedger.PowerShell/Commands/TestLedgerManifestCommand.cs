using System.Management.Automation;
using CreatorLedger.Events;
using CreatorLedger.Ledger;
using CreatorLedger.Manifests;
using CreatorLedger.Transparency;

namespace CreatorLedger.PowerShell.Commands;

[Cmdlet(VerbsDiagnostic.Test, "LedgerManifest", DefaultParameterSetName = LedgerSet)]
[OutputType(typeof(ManifestReport), ParameterSetName = [LedgerSet])]
[OutputType(typeof(ManifestProofReport), ParameterSetName = [OfflineSet])]
public sealed class TestLedgerManifestCommand : LedgerCmdlet
{
    private const string LedgerSet = "Ledger";
    private const string OfflineSet = "Offline";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    public string Path { get; set; } = "";

    /// <summary>Verifies the manifest with no ledger, from the proofs it carries (New-LedgerManifest -WithProofs) and a trust policy.</summary>
    [Parameter(Mandatory = true, ParameterSetName = OfflineSet)]
    public SwitchParameter Offline { get; set; }

    /// <summary>A C2SP tlog-policy file whose log and witness quorum the pinned checkpoint must satisfy (default: the session's policy).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Policy { get; set; }

    protected override void ProcessRecord()
    {
        if (Offline)
        {
            WriteObject(CheckOffline());
            return;
        }
        var store = ConnectedStore();
        var (verified, path) = OpenManifest(Path, store);
        var manifest = verified.Manifest!;
        var projection = LoadProjection(store);

        IReadOnlyList<ManifestEntryCheck> checks = [];
        try
        {
            checks = Guard(() => Run(ManifestCheck.CheckAsync(manifest, store, projection, Now)));
        }
        catch (CheckpointMismatchException e)
        {
            ThrowTerminatingError(new ErrorRecord(new InvalidDataException($"The manifest's checkpoint does not match this ledger: {e.Message}", e),
                ErrorIds.CheckpointMismatch, ErrorCategory.InvalidData, path));
        }
        // The signed note the manifest pins: witnessed under the session's policy, else signed by this ledger's log key.
        var signed = Guard(() => Run(new TransparencyLog(store).AllAsync()));
        var trust = Trust();
        var pinned = PinnedCheckpoint.Check(manifest, trust, signed.Count > 0 ? signed[^1].LogKey : null);
        if (pinned.Status == PinnedStatus.Invalid) WriteWarning($"{path}: {pinned.Problem}.");
        // Under a policy: revocations the witnesses had seen long enough before the manifest was made, that it missed.
        var stale = trust is null ? [] : StaleLedger.Find(manifest, projection.Head, signed, trust);
        foreach (var s in stale)
            WriteWarning($"{s.Entry.Path ?? s.Entry.Work?.Value}: the manifest was made on a stale ledger. Grant {s.Revocation.GrantId} was revoked at position " +
                $"{s.Revocation.Position}, which the witnesses cosigned in checkpoint {s.WitnessedIn} at {s.WitnessedAt.UtcDateTime:u}, more than {trust!.MaxAge} before " +
                $"the manifest's decision time {manifest.DecidedAt}; its checkpoint {manifest.Checkpoint} lacks it.");
        foreach (var c in checks.Where(c => !c.Reproduced))
            WriteWarning($"{c.Entry.Path ?? c.Entry.Work?.Value}: the manifest says {c.Entry.Decision} ({c.Entry.Reason}), the ledger at {manifest.Checkpoint} says {c.Then?.Decision} ({c.Then?.Reason}): the manifest or the ledger was rewritten.");
        long? proven = null;
        if (manifest.Proofs.Count > 0 && pinned.Status is PinnedStatus.Signed or PinnedStatus.Witnessed)
        {
            var evidence = ManifestEvidenceCheck.Check(manifest, verified.Signer!.Value, PinnedBody(manifest));
            WarnAbout(path, evidence);
            proven = evidence.Proven;
        }
        WriteObject(new ManifestReport
        {
            Path = path,
            Run = manifest.Run,
            SignatureValid = true,
            Reproduced = checks.All(c => c.Reproduced),
            Checkpoint = manifest.Checkpoint.ToString(),
            CheckpointNote = pinned.Status.ToString(),
            WitnessedAt = pinned.WitnessedAt,
            StaleRevocations = stale.Count,
            ProvenEntries = proven,
            StillLicensed = checks.LongCount(c => c.Change == "StillLicensed"),
            NoLongerLicensed = checks.LongCount(c => c.Entry.IsIncluded && c.Change != "StillLicensed"),
            Entries = [.. checks.Select(c => new ManifestEntryStatus
            {
                Path = c.Entry.Path, Work = c.Entry.Work?.Value, Then = c.Entry.IsIncluded ? "Licensed" : c.Entry.Reason, Reproduced = c.Reproduced, Now = c.Change,
            })],
        });
    }

    private TrustedCheckpoints? Trust() =>
        Policy is null ? SessionTrust() : new TrustedCheckpoints(ReadPolicy(Policy), LedgerSession.Policy?.MaxAge ?? TrustedCheckpoints.DefaultMaxAge, Clock);

    /// <summary>No ledger: the manifest's signature, its pinned note under the policy, and its proven events.</summary>
    private ManifestProofReport CheckOffline()
    {
        var path = GetUnresolvedProviderPathFromPSPath(Path);
        if (!File.Exists(path))
            ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"Cannot find the manifest '{path}'.", path), ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path));
        if (!TrainingManifest.TryOpen(File.ReadAllBytes(path), out var manifest, out var signer, out var problem))
            ThrowTerminatingError(new ErrorRecord(new InvalidDataException($"'{path}' does not verify: {problem}."), ErrorIds.ManifestInvalid, ErrorCategory.SecurityError, path));
        var trust = Trust();
        if (trust is null)
            ThrowTerminatingError(new ErrorRecord(new InvalidOperationException(
                "Test-LedgerManifest -Offline needs a trust policy (-Policy <file>, Connect-Ledger -Policy, or CREATORLEDGER_POLICY): with no ledger, only the policy's log and witness keys say which checkpoint to believe."),
                ErrorIds.PolicyRequired, ErrorCategory.InvalidArgument, path));
        var pinned = PinnedCheckpoint.Check(manifest!, trust, null);
        ManifestEvidenceReport? evidence = null;
        if (pinned.Status != PinnedStatus.Witnessed)
            WriteWarning($"{path}: " + (pinned.Problem ?? "the manifest pins no signed checkpoint, so nothing in it can be proven without the ledger") + ".");
        else
        {
            if (manifest!.Proofs.Count == 0)
                WriteWarning($"{path}: the manifest carries no proofs (it was made without -WithProofs); only a ledger can check its entries.");
            evidence = ManifestEvidenceCheck.Check(manifest, signer, PinnedBody(manifest));
            WarnAbout(path, evidence);
        }
        var included = manifest!.Included.ToList();
        var entries = evidence?.Entries ?? [.. included.Select(e => new EntryEvidence(e, false, "the pinned checkpoint is not witnessed under the policy"))];
        return new ManifestProofReport
        {
            Path = path,
            Run = manifest.Run,
            SignatureValid = true,
            Signer = signer.Value,
            SignerProven = evidence?.SignerProven ?? false,
            Checkpoint = manifest.Checkpoint.ToString(),
            CheckpointNote = pinned.Status.ToString(),
            WitnessedAt = pinned.WitnessedAt,
            ProvenEvents = manifest.Proofs.Count,
            BadEvents = [.. evidence?.BadEvents ?? []],
            Included = included.Count,
            Proven = entries.LongCount(e => e.Proven),
            Unproven = entries.LongCount(e => !e.Proven),
            Verified = evidence is { SignerProven: true, BadEvents.Count: 0 } && entries.All(e => e.Proven),
            Entries = [.. entries.Select(e => new ManifestEntryProof { Path = e.Entry.Path, Work = e.Entry.Work?.Value, Proven = e.Proven, Problem = e.Problem })],
        };
    }

    // The pinned note parsed (PinnedCheckpoint.Check has verified it by now).
    private static CheckpointBody PinnedBody(TrainingManifest manifest) => CheckpointBody.Parse(SignedNote.Parse(manifest.CheckpointNote!).Text);

    private void WarnAbout(string path, ManifestEvidenceReport evidence)
    {
        if (evidence.SignerProblem is { } signer) WriteWarning($"{path}: {signer}.");
        foreach (var bad in evidence.BadEvents) WriteWarning($"{path}: {bad}.");
        foreach (var e in evidence.Entries.Where(e => !e.Proven)) WriteWarning($"{e.Entry.Path ?? e.Entry.Work?.Value}: not proven: {e.Problem}.");
    }
}
