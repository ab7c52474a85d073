using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorLedger.Base;

namespace CreatorLedger.Events;

/// <summary>
/// A creator claims works, each named by the SHA-256 of its bytes (DESIGN §4): one work in the single form
/// (<c>work</c>, <c>title</c>, … in the data), or a list of 1 to <see cref="MaxWorks"/> distinct works under
/// <c>works</c> — a whole folder in a few signatures. Every rule for one registration applies to each listed work.
/// </summary>
public sealed class WorkRegistered
{
    public const int MaxWorks = 1_000;

    // {"works":[ and ]}: what a list adds around its entries.
    private const int ListFraming = 12;

    private WorkRegistered(IReadOnlyList<RegisteredWork> works, bool isList)
    {
        Works = works;
        IsList = isList;
    }

    /// <summary>The works registered, in the order the event lists them (one for the single form).</summary>
    public IReadOnlyList<RegisteredWork> Works { get; }

    /// <summary>Whether the event is written with <c>works</c> (a list, perhaps of one) rather than in the single form.</summary>
    public bool IsList { get; }

    public static WorkRegistered Single(RegisteredWork work) => new([work], isList: false);

    /// <summary>A list of 1 to <see cref="MaxWorks"/> works, none twice.</summary>
    public static WorkRegistered List(IReadOnlyList<RegisteredWork> works)
    {
        if (works.Count is 0 or > MaxWorks) throw Error.Argument_WorkListSize(nameof(works), works.Count, MaxWorks);
        var seen = new HashSet<WorkId>(works.Count);
        foreach (var work in works)
            if (!seen.Add(work.Work)) throw Error.Argument_WorkListedTwice(nameof(works), work.Work.Value);
        return new([.. works], isList: true);
    }

    /// <summary>The entry for <paramref name="work"/>, or null when the event does not register it.</summary>
    public RegisteredWork? Find(WorkId work)
    {
        foreach (var entry in Works)
            if (entry.Work == work) return entry;
        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public EventDraft ToDraft()
    {
        // Written in canonical form straight from the works (a tree of a thousand entries, serialized, parsed and
        // canonicalized, cost more than signing them), byte for byte what the tree gives; a work with no canonical
        // form takes the tree's way, which says why.
        long size = IsList ? ListFraming - 1 : 0;
        int longest = WorkId.TextLength;
        foreach (var work in Works)
        {
            if (work.CanonicalSize() is not { } entry) return ToDraftFromTree();
            size += entry + (IsList ? 1 : 0);
            longest = Math.Max(longest, Math.Max(Math.Max(work.Title.Length, work.MediaType.Length), Math.Max(work.Uri?.Length ?? 0, work.Iscc?.Length ?? 0)));
        }
        // Room for the most a text may ask for (three bytes a character, and quotes) beyond the exact size, so that the
        // buffer never grows: a thousand works are a large object, and each copy of one costs a collection.
        var canonical = new ArrayBufferWriter<byte>((int)size + 3 * longest + 8);
        if (IsList) canonical.Write("{\"works\":["u8);
        for (int i = 0; i < Works.Count; i++)
        {
            if (i > 0) canonical.Write(","u8);
            Works[i].WriteCanonical(canonical);
        }
        if (IsList) canonical.Write("]}"u8);
        return new EventDraft(EventTypes.WorkRegistered, canonical.WrittenMemory);
    }

    private EventDraft ToDraftFromTree()
    {
        // The single form is written exactly as before lists existed: envelopes are signed bytes.
        if (!IsList) return new EventDraft(EventTypes.WorkRegistered, Works[0].ToJson());
        var list = new JsonArray();
        foreach (var work in Works) list.Add(work.ToJson());
        return new EventDraft(EventTypes.WorkRegistered, new JsonObject { ["works"] = list });
    }

    /// <summary>
    /// Events registering <paramref name="works"/> in order: at most <see cref="MaxWorks"/> each, and each envelope at
    /// most <paramref name="maxEnvelopeBytes"/> (by the canonical size of every entry). An event that ends up with one
    /// work is written in the single form, which every reader, old or new, understands.
    /// </summary>
    public static IEnumerable<WorkRegistered> Batches(IReadOnlyList<RegisteredWork> works, int maxEnvelopeBytes = EnvelopeLimit.MaxBytes)
    {
        long budget = maxEnvelopeBytes - EnvelopeLimit.EnvelopeOverhead - ListFraming;
        var batch = new List<RegisteredWork>();
        long size = 0;
        foreach (var work in works)
        {
            // A work with no canonical form is written the long way, which refuses it with the reason.
            long entry = (work.CanonicalSize() ?? CanonicalJson.Serialize(JsonSerializer.SerializeToElement(work.ToJson())).Length) + 1; // and a comma
            if (entry > budget) throw Error.Argument_WorkTooLarge(nameof(works), work.Work.Value, entry, maxEnvelopeBytes);
            if (batch.Count == MaxWorks || size + entry > budget)
            {
                yield return Of(batch);
                batch = [];
                size = 0;
            }
            batch.Add(work);
            size += entry;
        }
        if (batch.Count > 0) yield return Of(batch);

        static WorkRegistered Of(List<RegisteredWork> batch) => batch.Count == 1 ? Single(batch[0]) : List(batch);
    }

    /// <summary>Whether the data is in the list form (has <c>works</c>), whose rules every store enforces before it writes.</summary>
    public static bool IsListForm(JsonElement data) => data.ValueKind == JsonValueKind.Object && data.TryGetProperty("works", out _);

    /// <summary>
    /// Reads either form. A list is read whole or not at all: the problem names the entry (<c>works[3]</c>) that is
    /// malformed or repeats an earlier one, or says the list is empty, too long, or given beside a single <c>work</c>.
    /// </summary>
    public static bool TryRead(JsonElement data, out WorkRegistered value, out string? problem)
    {
        if (!data.TryGetProperty("works", out var list))
        {
            value = Single(RegisteredWork.Read(data, out problem));
            return problem is null;
        }
        problem = ReadList(data, list, out var works);
        value = new WorkRegistered(works, isList: true);
        return problem is null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string? ReadList(JsonElement data, JsonElement list, out List<RegisteredWork> works)
    {
        works = [];
        if (data.TryGetProperty("work", out _)) return "the data holds both \"work\" and \"works\": a registration names one work or a list, not both";
        if (list.ValueKind != JsonValueKind.Array) return "\"works\" must be a list of works";
        int count = list.GetArrayLength();
        if (count == 0) return $"\"works\" is empty: a list registers 1 to {MaxWorks} works";
        if (count > MaxWorks)
            return $"\"works\" lists {count} works, more than {MaxWorks}: " +
                (count == MaxWorks + 1 ? $"works[{MaxWorks}] is one too many" : $"works[{MaxWorks}] to works[{count - 1}] are too many");
        var seen = new Dictionary<WorkId, int>(count);
        int index = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) return $"works[{index}] must be an object";
            var work = RegisteredWork.Read(item, out var problem);
            if (problem is not null) return $"works[{index}]: {problem}";
            if (!seen.TryAdd(work.Work, index)) return $"works[{index}] repeats works[{seen[work.Work]}] ({work.Work})";
            works.Add(work);
            index++;
        }
        return null;
    }
}
