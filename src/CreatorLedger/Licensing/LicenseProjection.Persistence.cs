using System.Runtime.InteropServices;
using System.Text.Json;
using CreatorLedger.Events;
using CreatorLedger.Identity;
using CreatorLedger.Ledger;

namespace CreatorLedger.Licensing;

// The projection's saved form (framed and checked by LicenseProjectionFile). Claims are written as their raw
// struct array: a million works load in one read instead of a million parses.
public sealed partial class LicenseProjection
{
    internal void WriteTo(BinaryWriter w)
    {
        w.Write(Position);
        w.Write(LastId?.Hex ?? "");
        w.Write(Checkpoint?.ToString() ?? "");
        w.Write(HasCompromises);

        w.Write(_streams.Count);
        foreach (var s in _streams)
        {
            w.Write(s.Id.Value);
            w.Write(s.LastSeq);
            w.Write(s.Created is not null);
            if (s.Created is { } c)
            {
                w.Write(c.Data.Name);
                w.Write(c.Data.Role);
                WriteOptional(w, c.Data.Contact);
                WriteOptional(w, c.Data.RecoveryKey?.Value);
                w.Write(c.Position);
                w.Write(c.At.UnixMilliseconds);
                w.Write(c.Seq);
            }
            w.Write(s.KeyRuns.Count);
            foreach (var (seq, key) in s.KeyRuns) { w.Write(seq); w.Write(key.Value); }
            w.Write(s.KeyChanges.Count);
            foreach (var k in s.KeyChanges)
            {
                w.Write(k.Position); w.Write(k.At.UnixMilliseconds); w.Write(k.Seq); w.Write(k.SignedBy.Value); w.Write(k.NewKey.Value);
            }
            w.Write(s.Compromises.Count);
            foreach (var k in s.Compromises) { w.Write(k.Key.Value); w.Write(k.LastValidSeq); w.Write(k.Position); w.Write(k.At.UnixMilliseconds); }
        }

        w.Write(_claimCount);
        w.Write(MemoryMarshal.AsBytes(_claims.AsSpan(0, _claimCount)));
        w.Write(_works.Count);
        var keys = new Hash256[_works.Count];
        var firsts = new int[_works.Count];
        int n = 0;
        foreach (var (work, first) in _works) { keys[n] = work; firsts[n++] = first; }
        w.Write(MemoryMarshal.AsBytes(keys.AsSpan()));
        w.Write(MemoryMarshal.AsBytes(firsts.AsSpan()));
        w.Write(_withdrawals.Count);
        foreach (var (claim, ends) in _withdrawals)
        {
            w.Write(claim);
            w.Write(ends.Count);
            foreach (var (seq, position, at) in ends) { w.Write(seq); w.Write(position); w.Write(at); }
        }

        w.Write(_grantOrder.Count);
        foreach (var g in _grantOrder)
        {
            var grant = g.Grant;
            w.Write(grant.Id.Hex);
            w.Write(grant.Signer.Value);
            w.Write(g.Seq);
            w.Write(grant.At.UnixMilliseconds);
            w.Write(grant.Position);
            w.Write(grant.License.ToDraft().Data.ToJsonString());
            w.Write(g.Revocations.Count);
            foreach (var (r, seq) in g.Revocations)
            {
                w.Write(r.Id.Hex); w.Write(r.Signer.Value); w.Write(seq); w.Write(r.Effective.UnixMilliseconds); w.Write(r.Reason);
                w.Write(r.At.UnixMilliseconds); w.Write(r.Position);
            }
        }
        WriteEvents(w);
    }

    private void WriteEvents(BinaryWriter w)
    {
        w.Write(_mandateOrder.Count);
        foreach (var m in _mandateOrder)
        {
            w.Write(m.Id.Hex); w.Write(m.Owner.Value); w.Write(m.Seq); w.Write(m.Data.ToDraft().Data.ToJsonString()); w.Write(m.Position); w.Write(m.At.UnixMilliseconds);
            w.Write(m.Revocations.Count);
            foreach (var (id, seq, position, at) in m.Revocations) { w.Write(id.Hex); w.Write(seq); w.Write(position); w.Write(at.UnixMilliseconds); }
        }
        w.Write(_usage.Count);
        foreach (var (u, seq) in _usage)
        {
            w.Write(u.Id.Hex); w.Write(u.Developer.Value); w.Write(seq); w.Write(u.Data.ToDraft().Data.ToJsonString()); w.Write(u.Position); w.Write(u.At.UnixMilliseconds);
        }
        w.Write(_statements.Count);
        foreach (var (st, seq) in _statements)
        {
            w.Write(st.Id.Hex); w.Write(st.Society.Value); w.Write(seq); w.Write(st.Data.ToDraft().Data.ToJsonString()); w.Write(st.Position); w.Write(st.At.UnixMilliseconds);
        }
    }

    private void ReadEvents(BinaryReader r)
    {
        for (int n = r.ReadInt32(); n > 0; n--)
        {
            var id = EventId.Parse(r.ReadString());
            var owner = Did(r);
            var seq = r.ReadInt64();
            var data = Read<MandateGranted>(r, MandateGranted.TryRead);
            var fact = new MandateFact(id, owner, seq, data, r.ReadInt64(), Time(r));
            for (int m = r.ReadInt32(); m > 0; m--) fact.Revocations.Add((EventId.Parse(r.ReadString()), r.ReadInt64(), r.ReadInt64(), Time(r)));
            AddMandate(fact);
        }
        for (int n = r.ReadInt32(); n > 0; n--)
        {
            var id = EventId.Parse(r.ReadString());
            var developer = Did(r);
            var seq = r.ReadInt64();
            var data = Read<UsageReported>(r, UsageReported.TryRead);
            _usage.Add((new UsageReport(id, developer, data, Time(r, out var position), position), seq));
        }
        for (int n = r.ReadInt32(); n > 0; n--)
        {
            var id = EventId.Parse(r.ReadString());
            var society = Did(r);
            var seq = r.ReadInt64();
            var data = Read<PayoutStatementIssued>(r, PayoutStatementIssued.TryRead);
            _statements.Add((new PublishedStatement(id, society, data, Time(r, out var position), position), seq));
        }
    }

    private delegate bool DataRead<T>(JsonElement data, out T value, out string? problem);

    private static T Read<T>(BinaryReader r, DataRead<T> read)
    {
        using var document = JsonDocument.Parse(r.ReadString());
        return read(document.RootElement, out var value, out var problem) ? value : throw new InvalidDataException(problem);
    }

    /// <summary>
    /// A saved grant's data, read by the replay's span reader from the UTF-8 BinaryWriter wrote (a length, then the
    /// bytes), into <paramref name="buffer"/>: a saved ledger holds grants by the hundred thousand, and parsing each one
    /// into a document was a third of loading it. Data the span reader cannot judge (escapes) is read in full.
    /// </summary>
    private static LicenseGranted ReadGrant(BinaryReader r, ref byte[] buffer)
    {
        int length = r.Read7BitEncodedInt();
        if (length < 0) throw new InvalidDataException("A saved grant has a negative length.");
        if (buffer.Length < length) buffer = new byte[Math.Max(length, buffer.Length * 2)];
        r.BaseStream.ReadExactly(buffer, 0, length);
        var json = buffer.AsSpan(0, length);
        if (GrantReader.TryRead(json, out var fast)) return fast ?? throw new InvalidDataException("A saved grant does not read as one.");
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        return LicenseGranted.TryRead(document.RootElement, out var license, out var problem) ? license : throw new InvalidDataException(problem);
    }

    // Position then time, as written above.
    private static LedgerTime Time(BinaryReader r, out long position)
    {
        position = r.ReadInt64();
        return Time(r);
    }

    internal static LicenseProjection ReadFrom(BinaryReader r)
    {
        var p = new LicenseProjection { Position = r.ReadInt64() };
        var lastId = r.ReadString();
        p.LastId = lastId.Length == 0 ? null : EventId.Parse(lastId);
        var checkpoint = r.ReadString();
        p.Checkpoint = checkpoint.Length == 0 ? null : Base.Checkpoint.Parse(checkpoint);
        p.HasCompromises = r.ReadBoolean();

        int streams = r.ReadInt32();
        for (int i = 0; i < streams; i++)
        {
            var s = new StreamFacts(Did(r)) { LastSeq = r.ReadInt64() };
            if (r.ReadBoolean())
            {
                var name = r.ReadString();
                var role = r.ReadString();
                var contact = ReadOptional(r);
                var recovery = ReadOptional(r) is { } text ? IdentityId.Parse(text) : (IdentityId?)null;
                s.Created = new IdentityFact(new IdentityCreated(name, role, contact, recovery), r.ReadInt64(), Time(r), r.ReadInt64());
            }
            for (int n = r.ReadInt32(); n > 0; n--) s.KeyRuns.Add((r.ReadInt64(), Did(r)));
            for (int n = r.ReadInt32(); n > 0; n--) s.KeyChanges.Add(new KeyChange(r.ReadInt64(), Time(r), r.ReadInt64(), Did(r), Did(r)));
            for (int n = r.ReadInt32(); n > 0; n--) s.Compromises.Add(new Compromise(Did(r), r.ReadInt64(), r.ReadInt64(), Time(r)));
            p._streamIndex.Add(s.Id, p._streams.Count);
            p._streams.Add(s);
        }

        p._claimCount = r.ReadInt32();
        p._claims = new ClaimFact[Math.Max(16, p._claimCount)];
        ReadExactly(r, MemoryMarshal.AsBytes(p._claims.AsSpan(0, p._claimCount)));
        int works = r.ReadInt32();
        var keys = new Hash256[works];
        var firsts = new int[works];
        ReadExactly(r, MemoryMarshal.AsBytes(keys.AsSpan()));
        ReadExactly(r, MemoryMarshal.AsBytes(firsts.AsSpan()));
        p._works.EnsureCapacity(works);
        for (int i = 0; i < works; i++) p._works.Add(keys[i], firsts[i]);
        for (int n = r.ReadInt32(); n > 0; n--)
        {
            int claim = r.ReadInt32();
            var ends = new List<(long, long, long)>();
            for (int m = r.ReadInt32(); m > 0; m--) ends.Add((r.ReadInt64(), r.ReadInt64(), r.ReadInt64()));
            p._withdrawals.Add(claim, ends);
        }

        var grantBytes = new byte[1024];
        for (int n = r.ReadInt32(); n > 0; n--)
        {
            var id = EventId.Parse(r.ReadString());
            var signer = Did(r);
            var seq = r.ReadInt64();
            var at = Time(r);
            var position = r.ReadInt64();
            var license = ReadGrant(r, ref grantBytes);
            var fact = new GrantFact(new Grant(id, signer, license.Owner ?? signer, license, at, position), seq);
            for (int m = r.ReadInt32(); m > 0; m--)
            {
                var revocation = new Revocation(EventId.Parse(r.ReadString()), id, Did(r), default, "", default, 0);
                var revocationSeq = r.ReadInt64();
                revocation = revocation with { Effective = Time(r), Reason = r.ReadString(), At = Time(r), Position = r.ReadInt64() };
                fact.Revocations.Add((revocation, revocationSeq));
            }
            p._grants.Add(id, fact);
            p._grantOrder.Add(fact);
            if (!p._grantsByOwner.TryGetValue(fact.Grant.Owner, out var owned)) p._grantsByOwner[fact.Grant.Owner] = owned = [];
            owned.Add(fact);
        }
        p.ReadEvents(r);
        return p;
    }

    private static IdentityId Did(BinaryReader r) => IdentityId.Parse(r.ReadString());

    private static LedgerTime Time(BinaryReader r) => LedgerTime.FromUnixMilliseconds(r.ReadInt64());

    private static void WriteOptional(BinaryWriter w, string? text)
    {
        w.Write(text is not null);
        if (text is not null) w.Write(text);
    }

    private static string? ReadOptional(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;

    private static void ReadExactly(BinaryReader r, Span<byte> into) => r.BaseStream.ReadExactly(into);
}
