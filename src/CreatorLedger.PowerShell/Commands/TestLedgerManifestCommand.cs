using System.Management.Automation;
using CreatorLedger.Events;
using CreatorLedger.Ledger;
using CreatorLedger.Manifests;
using CreatorLedger.Transparency;

namespace CreatorLedger.PowerShell.Commands;

[Cmdlet(VerbsDiagnostic.Test, "LedgerManifest")]
[OutputType(typeof(ManifestReport))]
public sealed class TestLedgerManifestCommand : LedgerCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    public string Path { get; set; } = "";

    protected override void ProcessRecord()
    {
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
        var trust = SessionTrust();
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
            StillLicensed = checks.LongCount(c => c.Change == "StillLicensed"),
            NoLongerLicensed = checks.LongCount(c => c.Entry.IsIncluded && c.Change != "StillLicensed"),
            Entries = [.. checks.Select(c => new ManifestEntryStatus
            {
                Path = c.Entry.Path, Work = c.Entry.Work?.Value, Then = c.Entry.IsIncluded ? "Licensed" : c.Entry.Reason, Reproduced = c.Reproduced, Now = c.Change,
            })],
        });
    }
}
