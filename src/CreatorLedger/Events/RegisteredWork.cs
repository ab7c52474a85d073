using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreatorLedger.Events;

/// <summary>
/// One work as a registration names it (DESIGN §4): the SHA-256 of its bytes, a title, a media type, its size, and
/// optionally where it is and its ISCC. A <see cref="WorkRegistered"/> carries one of these, or a list of them.
/// </summary>
public sealed record RegisteredWork(WorkId Work, string Title, string MediaType, long Bytes, string? Uri = null, string? Iscc = null)
{
    /// <summary>This work registered on its own, in the single form.</summary>
    public EventDraft ToDraft() => WorkRegistered.Single(this).ToDraft();

    /// <summary>The fields as the single form and every list entry write them.</summary>
    internal JsonObject ToJson()
    {
        var data = new JsonObject { ["work"] = Work.Value, ["title"] = Title, ["mediaType"] = MediaType, ["bytes"] = Bytes };
        if (Uri is not null) data["uri"] = Uri;
        if (Iscc is not null) data["iscc"] = Iscc;
        return data;
    }

    /// <summary>
    /// The length in bytes of <see cref="ToJson"/> in canonical form, counted rather than written: sizing a folder's
    /// registration by writing every entry cost more than signing it. Null when the work has no canonical form (a lone
    /// surrogate in a text, a size beyond ±2^53-1).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal int? CanonicalSize()
    {
        // {"bytes":N,"iscc":"…","mediaType":"…","title":"…","uri":"…","work":"…"}: names in RFC 8785 order, each
        // with its quotes and colon, a comma between properties, braces around them.
        int? size = 2 + "\"bytes\":".Length + CanonicalJson.IntegerSize(Bytes)
            + 1 + "\"mediaType\":".Length + CanonicalJson.StringSize(MediaType)
            + 1 + "\"title\":".Length + CanonicalJson.StringSize(Title)
            + 1 + "\"work\":".Length + WorkId.TextLength + 2;
        if (Iscc is not null) size += 1 + "\"iscc\":".Length + CanonicalJson.StringSize(Iscc);
        if (Uri is not null) size += 1 + "\"uri\":".Length + CanonicalJson.StringSize(Uri);
        return size;
    }

    /// <summary>
    /// Writes <see cref="ToJson"/> in canonical form, exactly <see cref="CanonicalSize"/> bytes, straight from the
    /// fields. Only for a work that has a canonical form (<see cref="CanonicalSize"/> not null).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void WriteCanonical(IBufferWriter<byte> output)
    {
        Write(output, "{\"bytes\":"u8);
        var digits = output.GetSpan(20);
        Bytes.TryFormat(digits, out int written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
        if (Iscc is not null) Property(output, ",\"iscc\":"u8, Iscc);
        Property(output, ",\"mediaType\":"u8, MediaType);
        Property(output, ",\"title\":"u8, Title);
        if (Uri is not null) Property(output, ",\"uri\":"u8, Uri);
        Property(output, ",\"work\":"u8, Work.Value);
        Write(output, "}"u8);

        static void Property(IBufferWriter<byte> output, ReadOnlySpan<byte> name, string value)
        {
            Write(output, name);
            CanonicalJson.WriteString(value, output);
        }

        static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(output.GetSpan(bytes.Length));
            output.Advance(bytes.Length);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static RegisteredWork Read(JsonElement data, out string? problem)
    {
        var r = new DataReader(data);
        var work = r.Work("work");
        var title = r.String("title");
        var mediaType = r.String("mediaType");
        var bytes = r.Integer("bytes");
        if (bytes < 0) r.Fail("\"bytes\" must not be negative");
        var uri = r.Has("uri") ? r.String("uri") : null;
        var iscc = r.Has("iscc") ? r.String("iscc") : null;
        problem = r.Problem;
        return new RegisteredWork(work, title, mediaType, bytes, uri, iscc);
    }
}
