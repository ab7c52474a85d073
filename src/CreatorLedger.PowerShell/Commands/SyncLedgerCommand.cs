using System.Management.Automation;
using CreatorLedger.Ledger;
using CreatorLedger.Transparency;
using LedgerCheckpoint = CreatorLedger.Base.Checkpoint;

namespace CreatorLedger.PowerShell.Commands;

/// <summary>
/// Keeps a mirror: copies from a source (a SQLite file, a PostgreSQL or EventStoreDB server, a JSON Lines export) the events the
/// destination lacks, verified, in the source's order, in atomic batches, so that an interrupted sync resumes and
/// both end with the same checkpoint. A destination that is not a prefix of the source is refused, untouched.
/// With -Follow it then stays, copying new events as they arrive (EventStoreDB pushes them; other stores are read
/// again every -PollInterval) until Ctrl+C.
/// </summary>
[Cmdlet(VerbsData.Sync, "Ledger", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(SyncResult))]
public sealed class SyncLedgerCommand : LedgerCmdlet, IDisposable
{
    /// <summary>A SQLite file, a PostgreSQL connection string ('Host=…;Database=…'), an EventStoreDB address (esdb://…) or a JSON Lines file (.jsonl).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public string Source { get; set; } = "";

    /// <summary>A SQLite file, a PostgreSQL connection string or an EventStoreDB address. Default: the session's store.</summary>
    [Parameter(Position = 1)]
    public string? Destination { get; set; }

    /// <summary>After the sync, keep copying new events as they arrive, until stopped (Ctrl+C).</summary>
    [Parameter]
    public SwitchParameter Follow { get; set; }

    /// <summary>With -Follow, how often a source that cannot push its events (SQLite, PostgreSQL) is read again. Default: 2 seconds.</summary>
    [Parameter]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    // Cancelled by Ctrl+C (StopProcessing), which ends -Follow.
    private readonly CancellationTokenSource _stop = new();

    protected override void StopProcessing() => _stop.Cancel();

    public void Dispose() => _stop.Dispose();

    protected override void EndProcessing()
    {
        var source = StoreAddress.Parse(Source, GetUnresolvedProviderPathFromPSPath);
        var target = Destination is null ? null : StoreAddress.Parse(Destination, GetUnresolvedProviderPathFromPSPath);
        if (Follow && source.Kind == StoreKind.JsonLines)
            ThrowArgumentError(ErrorIds.CannotFollow, $"'{Source}' is a file: only a store (SQLite, PostgreSQL, EventStoreDB) can be followed.", Source);
        if (PollInterval < TimeSpan.FromMilliseconds(10) || PollInterval > TimeSpan.FromDays(1))
            ThrowArgumentError(ErrorIds.CannotFollow, $"-PollInterval must be between 10 milliseconds and a day, not {PollInterval}.", PollInterval);
        if (target is { Kind: StoreKind.JsonLines })
            ThrowArgumentError(ErrorIds.StoreUnavailable, $"'{target.Description}' is a file of events, not a store: write one with Export-LedgerEvent.", Destination);
        // Asked before anything is opened: -WhatIf creates no file and connects to no server.
        if (!ShouldProcess($"{target?.Description ?? "the session's store"} from {source.Description}", "Copy the events it lacks")) return;
        IEventStore? sourceStore = null, destinationStore = null;
        try
        {
            var destination = target is null ? ConnectedStore() : (destinationStore = Guard(() => StoreOpener.Open(target, Clock), target.Description));
            string sourceName;
            IAsyncEnumerable<StoredEnvelope>? events = null;
            IReadOnlyList<Transparency.SignedCheckpoint> served;
            long total = 0;
            if (source.Kind == StoreKind.JsonLines)
            {
                if (!File.Exists(source.Text))
                    ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"Cannot find '{source.Text}'.", source.Text), ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, source.Text));
                sourceName = source.Text;
                events = StoreOpener.ReadJsonLines(source.Text);
                var sidecar = CheckpointNotesFile.PathFor(source.Text);
                served = File.Exists(sidecar) ? Guard(() => CheckpointNotesFile.Read(sidecar), sidecar) : [];
            }
            else
            {
                sourceStore = Guard(() => StoreOpener.Open(source, Clock), source.Description);
                sourceName = sourceStore.Description;
                total = Guard(() => Run(sourceStore.HeadAsync()), source.Description).Size;
                served = Guard(() => Run(CheckpointMirror.ServedByAsync(sourceStore)), source.Description);
            }
            // Before anything is copied: a source that serves a fork of what the mirror verified is refused, with the evidence kept.
            Guard(() => { Run(CheckpointMirror.CheckAsync(served, destination, sourceStore, sourceName, EvidenceFolder, Clock)); return 0; }, sourceName);
            try
            {
                // From a store, the mirror's prefix is checked against the source's tree and only what follows is read; under a
                // trust policy, only up to the newest checkpoint the policy accepts (refused when it is stale or withheld).
                var trust = sourceStore is null ? null : SessionTrust();
                long? upTo = trust is not null ? AcceptedCheckpoint(trust, sourceStore!).Checkpoint.Size : null;
                var outcome = Guard(() => RunWithProgress(p => sourceStore is null
                        ? LedgerSync.SyncAsync(events!, destination, sourceName, p, _stop.Token)
                        : LedgerSync.SyncAsync(sourceStore, destination, upTo, p, _stop.Token), "Sync-Ledger",
                    $"Copying from {sourceName}", upTo ?? total));
                var notes = Guard(() => Run(CheckpointMirror.CopyAsync(served, destination)), destination.Description);
                WriteObject(new SyncResult
                {
                    Source = sourceName, Destination = destination.Description, SourceEvents = outcome.SourceSize, Before = outcome.Before,
                    Copied = outcome.Copied, Checkpoint = outcome.Head.ToString(), SignedCheckpoints = notes,
                });
                if (Follow) FollowSource(sourceStore!, destination, sourceName, outcome.Head, trust);
            }
            catch (CheckpointMismatchException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, ErrorIds.CheckpointMismatch, ErrorCategory.InvalidData, target?.Description));
            }
        }
        finally
        {
            sourceStore?.Dispose();
            destinationStore?.Dispose();
        }
    }

    /// <summary>
    /// Copies what the source gains until Ctrl+C, batch by batch; under a trust policy, up to each newer checkpoint the
    /// policy accepts, read every -PollInterval, and never past it. Progress shows the mirror's checkpoint.
    /// </summary>
    private void FollowSource(IEventStore source, IEventStore destination, string sourceName, LedgerCheckpoint head, TrustedCheckpoints? trust)
    {
        // A struct, so handed over boxed: reading a reference is atomic.
        object latest = head;
        var progress = new Progress(checkpoint => Volatile.Write(ref latest, checkpoint));
        using var http = WitnessHttp();
        var task = trust is not null
            ? Task.Run(() => WitnessedFollow.FollowAsync(source, destination, trust, new WitnessClient(http),
                token => Task.Delay(PollInterval, Clock, token), EvidenceFolder, Clock, progress, _stop.Token))
            : Task.Run(() => LedgerSync.FollowAsync(LedgerFeed.FollowAsync(source, head.Size + 1, PollInterval, Clock, _stop.Token), destination, sourceName,
                progress, _stop.Token));
        LedgerCheckpoint shown = head;
        try
        {
            ProgressLoop.Wait(this, task, new ProgressRecord(3, "Sync-Ledger", $"Following {sourceName} (Ctrl+C stops)"), () =>
            {
                var now = (LedgerCheckpoint)Volatile.Read(ref latest);
                if (now != shown)
                {
                    WriteVerbose($"Copied {now.Size - shown.Size} event(s) from {sourceName}; {destination.Description} is at {now}.");
                    shown = now;
                }
                return ($"{destination.Description} at {now}", -1);
            });
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: following ends, as asked.
        }
        catch (Exception e) when (ErrorRecords.IsDomain(e))
        {
            ThrowTerminatingError(ErrorRecords.From(e, source.Description));
        }
    }

    private sealed class Progress(Action<LedgerCheckpoint> report) : IProgress<LedgerCheckpoint>
    {
        public void Report(LedgerCheckpoint value) => report(value);
    }
}
