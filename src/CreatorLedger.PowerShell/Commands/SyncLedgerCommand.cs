using System.Management.Automation;
using CreatorLedger.Ledger;
using CreatorLedger.Sqlite;

namespace CreatorLedger.PowerShell.Commands;

/// <summary>
/// Keeps a mirror: copies from a source (a SQLite file, a PostgreSQL server or a JSON Lines export) the events the
/// destination lacks, verified, in the source's order, in atomic batches, so that an interrupted sync resumes and
/// both end with the same checkpoint. A destination that is not a prefix of the source is refused, untouched.
/// </summary>
[Cmdlet(VerbsData.Sync, "Ledger", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(SyncResult))]
public sealed class SyncLedgerCommand : LedgerCmdlet
{
    /// <summary>A SQLite file, a PostgreSQL connection string ('Host=…;Database=…'), an EventStoreDB address (esdb://…) or a JSON Lines file (.jsonl).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public string Source { get; set; } = "";

    /// <summary>A SQLite file, a PostgreSQL connection string or an EventStoreDB address. Default: the session's store.</summary>
    [Parameter(Position = 1)]
    public string? Destination { get; set; }

    protected override void EndProcessing()
    {
        // Asked before anything is opened: -WhatIf creates no file and connects to no server.
        if (!ShouldProcess($"{(Destination is null ? "the session's store" : Describe(Destination))} from {Describe(Source)}", "Copy the events it lacks")) return;
        IEventStore? sourceStore = null, destinationStore = null;
        try
        {
            var destination = Destination is null ? ConnectedStore() : (destinationStore = Guard(() => OpenStore(Destination), Destination));
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
                sourceStore = Guard(() => OpenStore(Source), Source);
                sourceName = sourceStore.Description;
                total = Guard(() => Run(sourceStore.HeadAsync())).Size;
                events = sourceStore.ReadEnvelopesAsync(1);
            }
            try
            {
                var outcome = Guard(() => RunWithProgress(p => LedgerSync.SyncAsync(events, destination, sourceName, p), "Sync-Ledger",
                    $"Copying from {sourceName}", total));
                WriteObject(new SyncResult
                {
                    Source = sourceName, Destination = destination.Description, SourceEvents = outcome.SourceSize, Before = outcome.Before,
                    Copied = outcome.Copied, Checkpoint = outcome.Head.ToString(),
                });
            }
            catch (CheckpointMismatchException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, ErrorIds.CheckpointMismatch, ErrorCategory.InvalidData, Destination));
            }
        }
        finally
        {
            sourceStore?.Dispose();
            destinationStore?.Dispose();
        }
    }

    /// <summary>A source or destination as it may be shown: a connection string without its password.</summary>
    private static string Describe(string text)
    {
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

    private static bool IsJsonLines(string text) =>
        text.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || text.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase);

    private static bool IsConnectionString(string text) =>
        text.Contains('=') && (text.Contains("host", StringComparison.OrdinalIgnoreCase) || text.Contains("server", StringComparison.OrdinalIgnoreCase));

    /// <summary>A store named by a path (SQLite) or a connection string (PostgreSQL).</summary>
    private IEventStore OpenStore(string text) =>
        text.StartsWith("esdb://", StringComparison.OrdinalIgnoreCase) ? CreatorLedger.EventStore.EventStoreDbStore.Open(text)
        : IsConnectionString(text) ? Postgres.PostgresEventStore.Open(text)
        : SqliteEventStore.Open(GetUnresolvedProviderPathFromPSPath(text));

    private static async IAsyncEnumerable<StoredEnvelope> FromJsonLines(string path)
    {
        await using var input = File.OpenRead(path);
        foreach (var (line, bytes) in JsonLines.Read(input)) yield return new StoredEnvelope(line, bytes, null);
    }
}
