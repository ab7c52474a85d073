using System.Text.Json;
using CreatorLedger.Events;

namespace CreatorLedger.Licensing;

/// <summary>
/// A WorkRegistered read from its bytes as <see cref="WorkRegistered.TryRead"/> reads it, keeping only what the projection
/// keeps: the work of the single form, or the works of a list in order (<c>Hash256[]</c>). False when it cannot tell.
/// </summary>
internal static class RegistrationReader
{
    // Every entry's fields, then the list's own.
    private static readonly byte[] Names = DataSpan.Names("work", "title", "mediaType", "bytes", "uri", "iscc", "works");
    private const int Work = 0, Title = 1, MediaType = 2, Bytes = 3, Uri = 4, Iscc = 5, Works = 6;

    public static bool TryRead(ReadOnlySpan<byte> data, out object? value, out Hash256 work)
    {
        value = null;
        var reader = new Utf8JsonReader(data);
        reader.Read();
        if (!Entry(ref reader, outermost: true, out bool valid, out work, out var seen, out var listed)) return false;
        if ((seen & 1 << Works) == 0)
        {
            if (valid) value = ProjectedEvent.WorkData;
            return true;
        }
        // A list is refused whole, and beside a single "work" (even a null one).
        work = default;
        if (listed is not null && (seen & 1 << Work) == 0) value = listed;
        return true;
    }

    // One object whose fields are a registered work's (RegisteredWork.Read); the outermost may hold the list instead.
    private static bool Entry(ref Utf8JsonReader reader, bool outermost, out bool valid, out Hash256 work, out int seen, out Hash256[]? listed)
    {
        work = default;
        listed = null;
        seen = 0;
        bool hasWork = false, title = false, mediaType = false, bytes = false, optional = true;
        while (DataSpan.NextProperty(ref reader, Names, ref seen, out int field, out bool escaped))
        {
            if (escaped) { valid = false; return false; }
            switch (field)
            {
                case Work: hasWork = DataSpan.TryWork(reader, out work); break;
                case Title: title = DataSpan.IsString(reader); break;
                case MediaType: mediaType = DataSpan.IsString(reader); break;
                case Bytes: bytes = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n) && n >= 0; break;
                case Uri or Iscc: optional &= DataSpan.IsString(reader) || DataSpan.IsNull(reader); break;
                case Works when outermost:
                    if (!List(ref reader, out listed)) { valid = false; return false; }
                    break;
            }
            reader.Skip();
        }
        valid = hasWork && title && mediaType && bytes && optional;
        return true;
    }

    // The list as WorkRegistered.ReadList takes it: 1 to MaxWorks entries, each an object that reads, no work twice; null if not.
    private static bool List(ref Utf8JsonReader reader, out Hash256[]? listed)
    {
        listed = null;
        if (reader.TokenType != JsonTokenType.StartArray) return true;
        var works = new List<Hash256>();
        bool valid = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject) { valid = false; reader.Skip(); continue; }
            if (!Entry(ref reader, outermost: false, out bool entry, out var work, out _, out _)) return false;
            valid &= entry;
            works.Add(work);
        }
        if (!valid || works.Count is 0 or > WorkRegistered.MaxWorks) return true;
        var distinct = new HashSet<Hash256>(works.Count);
        foreach (var work in works)
            if (!distinct.Add(work)) return true;
        listed = [.. works];
        return true;
    }
}
