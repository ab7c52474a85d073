using System.Management.Automation;
using CreatorLedger.Datasets;
using CreatorLedger.Datasets.Screening;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;
using CreatorLedger.Licensing;
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

    /// <summary>
    /// Screens the run again against these hash lists (newer ones, say) by the hashes the manifest kept of each sample
    /// and by its digests: the entries they now flag are listed as Prohibited, with their location, never their content.
    /// </summary>
    [Parameter(ParameterSetName = LedgerSet)]
    [ValidateNotNullOrEmpty]
    public string[]? Blocklist { get; set; }

    /// <summary>Lists every entry in Entries, not only those whose decision did not reproduce or whose standing changed.</summary>
    [Parameter(ParameterSetName = LedgerSet)]
    public SwitchParameter All { get; set; }

    protected override void ProcessRecord()
    {
        if (Offline)
        {
            WriteObject(CheckOffline());
            return;
        }
        var lists = ScreeningListsInput.Load(this, Blocklist);
        var store = ConnectedStore();
        var (manifest, signer, path, entries) = OpenStreaming(store);
        var projection = LoadProjection(store);
        ConsentView then = null!;
        try
        {
            then = Guard(() => Run(ConsentView.AtCheckpointAsync(store, projection, manifest.Checkpoint, manifest.DecidedAt)));
        }
        catch (CheckpointMismatchException e)
        {
            ThrowTerminatingError(new ErrorRecord(new InvalidDataException($"The manifest's checkpoint does not match this ledger: {e.Message}", e),
                ErrorIds.CheckpointMismatch, ErrorCategory.InvalidData, path));
        }
        var current = ConsentView.AsOf(projection, Now);
        // The signed note the manifest pins: witnessed under the session's policy, else signed by this ledger's log key.
        var signed = Guard(() => Run(new TransparencyLog(store).AllAsync()));
        var trust = Trust();
        var pinned = PinnedCheckpoint.Check(manifest, trust, signed.Count > 0 ? signed[^1].LogKey : null);
        if (pinned.Status == PinnedStatus.Invalid) WriteWarning($"{path}: {pinned.Problem}.");
        // Under a policy: revocations the witnesses had seen long enough before the manifest was made, that it missed.
        var staleness = trust is null ? null : new StaleLedger(manifest, projection.Head, signed, trust);

        // Entry by entry, whatever the manifest's size: counts for all, the entries worth listing kept (every one with -All).
        var stale = new List<StaleRevocation>();
        var listed = new List<(ManifestEntryCheck Check, ScreeningMatch? Flagged)>();
        var included = new List<ManifestEntry>();
        long stillLicensed = 0, noLonger = 0, notReproduced = 0, count = 0, nowProhibited = 0, includedNowProhibited = 0, notRescreened = 0;
        var record = new ProgressRecord(1, "Test-LedgerManifest", $"Re-deciding the entries of {path}");
        entries(entry =>
        {
            var c = ManifestCheck.Check(manifest, entry, then, current);
            if (++count % 100_000 == 0) { record.StatusDescription = $"{count:N0} entries"; WriteProgress(record); }
            if (c.Change == "StillLicensed") stillLicensed++;
            else if (entry.IsIncluded) noLonger++;
            if (!c.Reproduced) notReproduced++;
            ScreeningMatch? flagged = null;
            if (lists is not null)
            {
                var screened = ManifestRescreen.Screen(manifest, entry, lists);
                flagged = screened.Match;
                if (flagged is not null)
                {
                    nowProhibited++;
                    if (entry.IsIncluded) includedNowProhibited++;
                }
                else if (screened.Unchecked != ScreeningNeeds.None) notRescreened++;
            }
            if (All || flagged is not null || ManifestCheck.Changed(c)) listed.Add((c, flagged));
            if (staleness is not null) stale.AddRange(staleness.Of(entry));
            if (manifest.Proofs.Count > 0 && entry.IsIncluded) included.Add(entry);
        });
        foreach (var s in stale)
            WriteWarning($"{s.Entry.Path ?? s.Entry.Work?.Value}: the manifest was made on a stale ledger. Grant {s.Revocation.GrantId} was revoked at position " +
                $"{s.Revocation.Position}, which the witnesses cosigned in checkpoint {s.WitnessedIn} at {s.WitnessedAt.UtcDateTime:u}, more than {trust!.MaxAge} before " +
                $"the manifest's decision time {manifest.DecidedAt}; its checkpoint {manifest.Checkpoint} lacks it.");
        foreach (var (c, _) in listed.Where(l => !l.Check.Reproduced))
            WriteWarning($"{c.Entry.Path ?? c.Entry.Work?.Value}: the manifest says {c.Entry.Decision} ({c.Entry.Reason}), the ledger at {manifest.Checkpoint} says {c.Then?.Decision} ({c.Then?.Reason}): the manifest or the ledger was rewritten.");
        foreach (var (c, flagged) in listed.Where(l => l.Flagged is not null && l.Check.Entry.IsIncluded))
            WriteWarning($"{Location(c.Entry) ?? c.Entry.Work?.Value}: the run '{manifest.Run}' included it, and {flagged}.");
        long? proven = null;
        if (manifest.Proofs.Count > 0 && pinned.Status is PinnedStatus.Signed or PinnedStatus.Witnessed)
        {
            var evidence = ManifestEvidenceCheck.Check(manifest with { Entries = included }, signer, PinnedBody(manifest));
            WarnAbout(path, evidence);
            proven = evidence.Proven;
        }
        WriteObject(new ManifestReport
        {
            Path = path,
            Run = manifest.Run,
            SignatureValid = true,
            Reproduced = notReproduced == 0,
            Checkpoint = manifest.Checkpoint.ToString(),
            CheckpointNote = pinned.Status.ToString(),
            WitnessedAt = pinned.WitnessedAt,
            StaleRevocations = stale.Count,
            ProvenEntries = proven,
            EntryCount = count,
            StillLicensed = stillLicensed,
            NoLongerLicensed = noLonger,
            NowProhibited = lists is null ? null : nowProhibited,
            IncludedNowProhibited = lists is null ? null : includedNowProhibited,
            NotRescreened = lists is null ? null : notRescreened,
            Entries = [.. listed.Select(l => new ManifestEntryStatus
            {
                Path = l.Check.Entry.Path, Location = Location(l.Check.Entry), Work = l.Check.Entry.Work?.Value,
                Then = l.Check.Entry.IsIncluded ? "Licensed" : l.Check.Entry.Reason,
                Reproduced = l.Check.Reproduced, Now = l.Flagged is null ? l.Check.Change : DatasetDecision.Prohibited,
                List = l.Flagged?.List, Distance = l.Flagged?.Distance,
            })],
        });
    }

    /// <summary>
    /// Verifies the manifest file streaming (its signature, its licensee's key on this ledger) and returns a way to read
    /// its entries again, one at a time; a manifest of the first format is read whole.
    /// </summary>
    private (TrainingManifest Manifest, IdentityId Signer, string Path, Action<Action<ManifestEntry>> Entries) OpenStreaming(Ledger.IEventStore store)
    {
        var path = GetUnresolvedProviderPathFromPSPath(Path);
        if (!File.Exists(path))
            ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"Cannot find the manifest '{path}'.", path), ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path));
        ManifestRead read;
        using (var file = File.OpenRead(path)) read = ManifestReader.Read(file);
        if (ManifestReader.IsFirstFormat(read))
        {
            var (verified, _) = OpenManifest(Path, store);
            return (verified.Manifest!, verified.Signer!.Value, path, each => { foreach (var e in verified.Manifest!.Entries) each(e); });
        }
        if (!read.IsValid) Invalid(path, read.Problem!);
        var manifest = read.Manifest!;
        if (Guard(() => Run(ManifestVerification.SignerProblemAsync(manifest, read.Signer, store))) is { } problem) Invalid(path, problem);
        return (manifest, read.Signer, path, each =>
        {
            // Read again, checked again: a file changed between the two readings is refused, nothing reported.
            using var again = File.OpenRead(path);
            var second = ManifestReader.Read(again, each);
            if (!second.IsValid || second.Signer != read.Signer) Invalid(path, second.Problem ?? "it changed while it was read");
        });
    }

    private void Invalid(string path, string problem) =>
        ThrowTerminatingError(new ErrorRecord(new InvalidDataException($"'{path}' does not verify: {problem}."), ErrorIds.ManifestInvalid, ErrorCategory.SecurityError, path));

    private static string? Location(ManifestEntry e) =>
        e.Path is null ? null : e.Row is { } row ? $"{e.Path}#{row}" + (e.Key is null ? "" : $" ({e.Key})") : e.Key is not null ? $"{e.Path}#{e.Member ?? e.Key}" : e.Path;

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
