using System.Text.Json;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;

namespace CreatorLedger.Licensing;

/// <summary>
/// What the license projection needs of one stored event: where it is, who signed it when, and its data read into
/// its type (null when the type is unknown or the data does not read — such events are kept and ignored).
/// Read from the stored bytes with the store's id: the store verified signature and chain when it took the event,
/// so neither is checked again here (Test-LedgerIntegrity re-verifies everything on demand).
/// </summary>
internal readonly record struct ProjectedEvent(long Position, EventId Id, IdentityId Stream, long Seq, string Type, LedgerTime At, IdentityId Key, object? Data, Hash256 Work = default)
{
    /// <summary>
    /// The data of a WorkRegistered in the single form or a WorkWithdrawn that reads: the projection keeps only the work
    /// (<see cref="Work"/>), so nothing is allocated for it. A list registration's data is the array of its works (<c>Hash256[]</c>).
    /// </summary>
    public static readonly object WorkData = new();

    public static ProjectedEvent From(RecordedEvent recorded)
    {
        var e = recorded.Event;
        return Make(recorded.Position, e.Id, e.Stream, e.Seq, e.Type, e.At, e.Key, ReadData(e.Type, e.Data));
    }

    // Work events come back from the readers as a boxed Hash256, stored unboxed here.
    private static ProjectedEvent Make(long position, EventId id, IdentityId stream, long seq, string type, LedgerTime at, IdentityId key, object? data) =>
        data is Hash256 work ? new(position, id, stream, seq, type, at, key, WorkData, work) : new(position, id, stream, seq, type, at, key, data);

    /// <summary>Reads a stored envelope; throws <see cref="LedgerStoreException"/> for a row that is not a well-formed envelope.</summary>
    public static ProjectedEvent Read(StoredEnvelope stored, string storeDescription)
    {
        if (stored.Id is { } id && TryReadTrusted(stored, id) is { } fast) return fast;
        // No id kept (or an odd row): parse it in full, which also works the id out.
        if (!SignedEvent.TryParse(stored.Bytes, out var signed, out var problem))
            throw new LedgerStoreException($"The event at position {stored.Position} in '{storeDescription}' is damaged: {problem}. Run Test-LedgerIntegrity.");
        return Make(stored.Position, signed.Id, signed.Stream, signed.Seq, signed.Type, signed.At, signed.Key, ReadData(signed.Type, signed.Data));
    }

    // One pass of a forward-only reader over the envelope: replaying a million events must not build a million DOMs.
    private static ProjectedEvent? TryReadTrusted(StoredEnvelope stored, EventId id)
    {
        try
        {
            var bytes = stored.Bytes;
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 32 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            IdentityId? stream = null, key = null;
            long? seq = null;
            string? type = null;
            LedgerTime? at = null;
            int dataStart = -1, dataEnd = -1;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueIsEscaped) return null;
                var name = reader.ValueSpan;
                reader.Read();
                if (name.SequenceEqual("data"u8))
                {
                    if (reader.TokenType != JsonTokenType.StartObject) return null;
                    dataStart = (int)reader.TokenStartIndex;
                    reader.Skip();
                    dataEnd = (int)reader.BytesConsumed;
                    continue;
                }
                bool isString = reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped;
                if (name.SequenceEqual("stream"u8)) { if (!isString || !DataSpan.TryIdentity(reader.ValueSpan, out var s)) return null; stream = s; }
                else if (name.SequenceEqual("key"u8)) { if (!isString || !DataSpan.TryIdentity(reader.ValueSpan, out var k)) return null; key = k; }
                else if (name.SequenceEqual("at"u8)) { if (!isString || !LedgerTime.TryParseUtf8(reader.ValueSpan, out var t)) return null; at = t; }
                else if (name.SequenceEqual("type"u8)) { if (!isString) return null; type = TypeName(reader.ValueSpan); }
                else if (name.SequenceEqual("seq"u8)) { if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var q)) return null; seq = q; }
                else reader.Skip();
            }
            if (stream is null || key is null || seq is null || type is null || at is null || dataStart < 0) return null;
            var data = new ReadOnlyMemory<byte>(bytes, dataStart, dataEnd - dataStart);
            if (TryReadFast(type, data.Span, out var fast, out var work))
                return new(stored.Position, id, stream.Value, seq.Value, type, at.Value, key.Value, fast, work);
            object? read = type switch
            {
                EventTypes.WorkRegistered or EventTypes.WorkWithdrawn or EventTypes.IdentityCreated or EventTypes.KeyRotated or EventTypes.KeyCompromised
                    or EventTypes.LicenseGranted or EventTypes.LicenseRevoked or EventTypes.MandateGranted or EventTypes.MandateRevoked
                    or EventTypes.UsageReported or EventTypes.PayoutStatementIssued => ReadData(type, data),
                _ => null,
            };
            return Make(stored.Position, id, stream.Value, seq.Value, type, at.Value, key.Value, read);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The data of the types a catalogue is mostly made of, read by their span readers (no document, no strings but those
    /// the typed records keep): what <see cref="ReadData(string, ReadOnlyMemory{byte})"/> gives, with a work in
    /// <paramref name="work"/> and <see cref="WorkData"/> as the value. False for other types and when a reader cannot tell.
    /// </summary>
    internal static bool TryReadFast(string type, ReadOnlySpan<byte> data, out object? value, out Hash256 work)
    {
        value = null;
        work = default;
        // The full reader throws where it decodes a string that is not UTF-8: that, too, is left to it.
        if (!System.Text.Unicode.Utf8.IsValid(data)) return false;
        switch (type)
        {
            case EventTypes.WorkRegistered:
                return RegistrationReader.TryRead(data, out value, out work);
            case EventTypes.WorkWithdrawn:
                if (!RevocationReader.TryReadWithdrawal(data, out var valid, out work)) return false;
                value = valid ? WorkData : null;
                return true;
            case EventTypes.LicenseGranted:
                if (!GrantReader.TryRead(data, out var grant)) return false;
                value = grant;
                return true;
            case EventTypes.LicenseRevoked:
                if (!RevocationReader.TryReadRevocation(data, out var revocation)) return false;
                value = revocation;
                return true;
            case EventTypes.MandateGranted:
                if (!MandateReader.TryRead(data, out var mandate)) return false;
                value = mandate;
                return true;
            case EventTypes.MandateRevoked:
                if (!RevocationReader.TryReadMandateRevocation(data, out var ended)) return false;
                value = ended;
                return true;
            default:
                return false;
        }
    }

    /// <summary>The data read in full: a document, then the type's <c>TryRead</c>. Works come back as a boxed <see cref="Hash256"/>.</summary>
    internal static object? ReadData(string type, ReadOnlyMemory<byte> data)
    {
        using var document = JsonDocument.Parse(data);
        return ReadData(type, document.RootElement);
    }

    // The data read into its type while the document is alive; the typed records copy what they keep.
    private static object? ReadData(string type, JsonElement data) => type switch
    {
        EventTypes.IdentityCreated => IdentityCreated.TryRead(data, out var v, out _) ? v : null,
        EventTypes.KeyRotated => KeyRotated.TryRead(data, out var v, out _) ? v : null,
        EventTypes.KeyCompromised => KeyCompromised.TryRead(data, out var v, out _) ? v : null,
        EventTypes.WorkRegistered => WorkRegistered.TryRead(data, out var v, out _) ? Registered(v) : null,
        EventTypes.WorkWithdrawn => WorkWithdrawn.TryRead(data, out var v, out _) ? Hash256.Of(v.Work) : null,
        EventTypes.LicenseGranted => LicenseGranted.TryRead(data, out var v, out _) ? v : null,
        EventTypes.LicenseRevoked => LicenseRevoked.TryRead(data, out var v, out _) ? v : null,
        EventTypes.MandateGranted => MandateGranted.TryRead(data, out var v, out _) ? v : null,
        EventTypes.MandateRevoked => MandateRevoked.TryRead(data, out var v, out _) ? v : null,
        EventTypes.UsageReported => UsageReported.TryRead(data, out var v, out _) ? v : null,
        EventTypes.PayoutStatementIssued => PayoutStatementIssued.TryRead(data, out var v, out _) ? v : null,
        _ => null,
    };

    // One work as a Hash256 (kept unboxed in Work), a list as the array of its works.
    private static object Registered(WorkRegistered registered) =>
        registered.IsList ? registered.Works.Select(w => Hash256.Of(w.Work)).ToArray() : Hash256.Of(registered.Works[0].Work);

    private static string TypeName(ReadOnlySpan<byte> utf8)
    {
        foreach (var known in Known)
            if (utf8.SequenceEqual(known.Utf8)) return known.Name;
        return System.Text.Encoding.UTF8.GetString(utf8);
    }

    private static readonly (string Name, byte[] Utf8)[] Known =
        [.. new[] { EventTypes.WorkRegistered, EventTypes.IdentityCreated, EventTypes.LicenseGranted, EventTypes.LicenseRevoked,
            EventTypes.WorkWithdrawn, EventTypes.KeyRotated, EventTypes.KeyCompromised, EventTypes.MandateGranted, EventTypes.MandateRevoked,
            EventTypes.UsageReported, EventTypes.PayoutStatementIssued }.Select(n => (n, System.Text.Encoding.UTF8.GetBytes(n)))];
}
