using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;

namespace CreatorLedger.Tests.Ledger;

/// <summary>
/// Writes one author's stream the way a client would: keeps seq, prev and time, and signs drafts with a real key.
/// <see cref="Draft"/> signs without advancing, so a test can also write the events a client never should.
/// </summary>
internal sealed class ChainBuilder
{
    public static readonly LedgerTime Start = LedgerTime.Parse("2026-01-01T09:00:00.000Z");

    public ChainBuilder(SigningKey genesis, LedgerTime? start = null)
    {
        Stream = genesis.Id;
        Key = genesis;
        At = start ?? Start;
    }

    public IdentityId Stream { get; }

    /// <summary>The key that signs the next event by default.</summary>
    public SigningKey Key { get; set; }

    public long Seq { get; private set; }
    public EventId? Prev { get; private set; }
    public LedgerTime At { get; private set; }

    /// <summary>Head as the chain rules see it after every appended event.</summary>
    public StreamHead? Head { get; private set; }

    public List<SignedEvent> Events { get; } = [];

    /// <summary>Signs the next event and moves the stream on; the chain rules must accept it.</summary>
    public SignedEvent Append(EventDraft draft, SigningKey? by = null, LedgerTime? at = null)
    {
        var e = Draft(draft, by, at: at ?? (Seq == 0 ? At : At.AddMilliseconds(1000)));
        var step = ChainRules.Next(Head, e);
        if (!step.IsValid) throw new InvalidOperationException($"The builder wrote an invalid event: {step.Violation}");
        Head = step.Head;
        Seq = e.Seq;
        Prev = e.Id;
        At = e.At;
        Events.Add(e);
        return e;
    }

    public SignedEvent Genesis(IdentityId? recoveryKey = null) =>
        Append(new IdentityCreated("Alice", "creator", RecoveryKey: recoveryKey).ToDraft());

    /// <summary>Signs an event at the next seq (or the one given) without moving the stream.</summary>
    public SignedEvent Draft(EventDraft draft, SigningKey? by = null, long? seq = null, EventId? prev = null, LedgerTime? at = null)
    {
        var signer = by ?? Key;
        long s = seq ?? Seq + 1;
        EventId? p = s == 1 ? null : prev ?? Prev ?? Unrelated;
        var envelope = new UnsignedEnvelope(Stream, s, p, draft, at ?? At, signer.Id);
        return SignedEvent.Sign(envelope, signer);
    }

    /// <summary>An id no event in the stream has.</summary>
    public static readonly EventId Unrelated = EventId.Parse(new string('a', 64));

    public static EventDraft Note(string text = "hello") =>
        new("Note", new System.Text.Json.Nodes.JsonObject { ["text"] = text });
}
