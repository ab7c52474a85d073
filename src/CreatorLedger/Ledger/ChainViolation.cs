using CreatorLedger.Events;
using CreatorLedger.Identity;

namespace CreatorLedger.Ledger;

public enum ViolationCode
{
    /// <summary>Not an envelope: bad JSON, a missing field, a non-integer number, a duplicate key.</summary>
    Malformed,
    /// <summary>The signature does not verify under the envelope's key.</summary>
    BadSignature,
    /// <summary>Seq 1 must be an IdentityCreated signed by the stream's own key.</summary>
    BadGenesis,
    /// <summary>Seq does not follow the stream's last seq (an event is missing or out of order).</summary>
    SeqGap,
    /// <summary>Prev is not the id of the stream's previous event.</summary>
    PrevMismatch,
    /// <summary>Another, different event already holds this stream and seq (equivocation).</summary>
    Fork,
    /// <summary>The key is not the stream's current key (or its recovery key, for KeyCompromised).</summary>
    WrongKey,
    /// <summary><c>at</c> is earlier than the stream's previous event.</summary>
    TimeBackwards,
    /// <summary><c>at</c> is more than 5 minutes ahead of the store's clock.</summary>
    TimeInFuture,
    /// <summary>The data of a known event type is invalid (for example a key event naming a bad key).</summary>
    InvalidData,
    /// <summary>The same event appears twice where each must appear once (a ledger's order, as a mirror's source has it).</summary>
    Duplicate,
}

/// <summary>
/// Why an event is refused, with the evidence: which event, what was expected and what was found, and for a fork or a
/// duplicate in the input, the line (or source position) where the other event is (<see cref="Earlier"/>).
/// </summary>
public sealed record ChainViolation(ViolationCode Code, IdentityId? Stream, long Seq, EventId? EventId, string Message, long? Earlier = null)
{
    public override string ToString() => Stream is null ? $"{Code}: {Message}" : $"{Code} at {Stream} seq {Seq}: {Message}";
}
