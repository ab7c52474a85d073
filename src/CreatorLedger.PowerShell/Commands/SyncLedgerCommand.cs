using System.Management.Automation;
using CreatorLedger.Ledger;
using CreatorLedger.Sqlite;
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
        if (Follow && IsJsonLines(Source))
            ThrowArgumentError(ErrorIds.CannotFollow, $"'{Source}' is a file: only a store (SQLite, PostgreSQL, EventStoreDB) can be followed.", Source);
        if (PollInterval < TimeSpan.FromMilliseconds(10) || PollInterval > TimeSpan.FromDays(1))
            ThrowArgumentError(ErrorIds.CannotFollow, $"-PollInterval must be between 10 milliseconds and a day, not {PollInterval}.", PollInterval);
        // Asked before anything is opened: -WhatIf creates no file and connects to no server.
        if (!ShouldProcess($"{(Destination is null ? "the session's store" : Describe(Destination))} from {Describe(Source)}", "Copy the events it lacks")) return;
        IEventStore? sourceStore = null, destinationStore = null;
        try
        {
            var destination = Destination is null ? ConnectedStore() : (destinationStore = Guard(() => OpenStore(Destination), Describe(Destination)));
            string sourceName;
            IAsyncEnumerable<StoredEnvelope> events;
            long total = 0;
            if (IsJsonLines(Source))
            {
                var path = GetUnresolvedProviderPathFromPSPath(Source);
                if (!File.Exists(path))
                    ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"Cannot find '{path}'.", path), ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path));
                sourceName = path;
                events = FromJsonLines(path);
            }
            else
            {
                sourceStore = Guard(() => OpenStore(Source), Describe(Source));
                sourceName = sourceStore.Description;
                total = Guard(() => Run(sourceStore.HeadAsync()), Describe(Source)).Size;
                events = sourceStore.ReadEnvelopesAsync(1);
            }
            try
            {
                var outcome = Guard(() => RunWithProgress(p => LedgerSync.SyncAsync(events, destination, sourceName, p, _stop.Token), "Sync-Ledger",
                    $"Copying from {sourceName}", total));
                WriteObject(new SyncResult
                {
                    Source = sourceName, Destination = destination.Description, SourceEvents = outcome.SourceSize, Before = outcome.Before,
                    Copied = outcome.Copied, Checkpoint = outcome.Head.ToString(),
                });
                if (Follow) FollowSource(sourceStore!, destination, sourceName, outcome.Head);
            }
            catch (CheckpointMismatchException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, ErrorIds.CheckpointMismatch, ErrorCategory.InvalidData, Destination is null ? null : Describe(Destination)));
            }
        }
        finally
        {
            sourceStore?.Dispose();
            destinationStore?.Dispose();
        }
    }

    /// <summary>Copies what the source gains, batch by batch, until Ctrl+C; progress shows the mirror's checkpoint.</summary>
    private void FollowSource(IEventStore source, IEventStore destination, string sourceName, LedgerCheckpoint head)
    {
        // A struct, so handed over boxed: reading a reference is atomic.
        object latest = head;
        var progress = new Progress(checkpoint => Volatile.Write(ref latest, checkpoint));
        var live = LedgerFeed.FollowAsync(source, head.Size + 1, PollInterval, null, _stop.Token);
        var task = Task.Run(() => LedgerSync.FollowAsync(live, destination, sourceName, progress, _stop.Token));
        var record = new ProgressRecord(3, "Sync-Ledger", $"Following {sourceName} (Ctrl+C stops)");
        LedgerCheckpoint shown = head;
        while (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(250))
        {
            var now = (LedgerCheckpoint)Volatile.Read(ref latest);
            if (now != shown)
            {
                WriteVerbose($"Copied {now.Size - shown.Size} event(s) from {sourceName}; {destination.Description} is at {now}.");
                shown = now;
            }
            record.StatusDescription = $"{destination.Description} at {now}";
            WriteProgress(record);
        }
        record.RecordType = ProgressRecordType.Completed;
        WriteProgress(record);
        if (task.IsCanceled || (task.IsFaulted && task.Exception!.InnerException is OperationCanceledException)) return;
        Guard(() => { task.GetAwaiter().GetResult(); return 0; }, Describe(Source));
    }

    private sealed class Progress(Action<LedgerCheckpoint> report) : IProgress<LedgerCheckpoint>
    {
        public void Report(LedgerCheckpoint value) => report(value);
    }

    /// <summary>A source or destination as it may be shown: a connection string without its password.</summary>
    private static string Describe(string text)
    {
        if (IsEventStore(text)) return CreatorLedger.EventStore.EventStoreDbAddress.Redact(text);
        if (!IsConnectionString(text)) return text;
        try
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(text);
            return $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        }
        catch (ArgumentException)
        {
            return "a PostgreSQL server";
        }
    }

    private static bool IsEventStore(string text) => text.StartsWith("esdb://", StringComparison.OrdinalIgnoreCase);

    private static bool IsJsonLines(string text) =>
        text.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || text.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase);

    private static bool IsConnectionString(string text) =>
        text.Contains('=') && (text.Contains("host", StringComparison.OrdinalIgnoreCase) || text.Contains("server", StringComparison.OrdinalIgnoreCase));

    /// <summary>A store named by a path (SQLite) or a connection string (PostgreSQL).</summary>
    private IEventStore OpenStore(string text) =>
        IsEventStore(text) ? CreatorLedger.EventStore.EventStoreDbStore.Open(text)
        : IsConnectionString(text) ? Postgres.PostgresEventStore.Open(text)
        : SqliteEventStore.Open(GetUnresolvedProviderPathFromPSPath(text));

    private static async IAsyncEnumerable<StoredEnvelope> FromJsonLines(string path)
    {
        await using var input = File.OpenRead(path);
        foreach (var (line, bytes) in JsonLines.Read(input)) yield return new StoredEnvelope(line, bytes, null);
    }
}
