namespace CreatorLedger.Ledger;

/// <summary>
/// A signed checkpoint note (DESIGN §9) as a store keeps it: its exact bytes, and what the caller read from them and
/// verified (Transparency parses notes and checks signatures; a store checks only what it can know: the origin it holds
/// and its own tree at <see cref="Checkpoint"/>'s size). <see cref="LogKey"/> is the log's signed-note verifier key.
/// </summary>
public sealed record CheckpointNote(string Origin, Checkpoint Checkpoint, string LogKey, byte[] Bytes);

/// <summary>A kept note, with the order it was kept in (1-based) and the store's time then.</summary>
public sealed record RecordedCheckpointNote(CheckpointNote Note, long Number, LedgerTime Recorded);
