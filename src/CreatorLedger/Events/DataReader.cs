using System.Text.Json;
using CreatorLedger.Identity;

namespace CreatorLedger.Events;

/// <summary>Reads typed fields from an event's data object, collecting the first problem instead of throwing.</summary>
internal ref struct DataReader(JsonElement data)
{
    private readonly JsonElement _data = data;

    public string? Problem { get; private set; }

    public readonly bool Has(string name) => _data.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public string String(string name, bool optional = false)
    {
        if (_data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String) return v.GetString()!;
        if (!optional || (_data.TryGetProperty(name, out v) && v.ValueKind != JsonValueKind.Null)) Fail($"\"{name}\" must be a string");
        return "";
    }

    public long Integer(string name)
    {
        if (_data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n)) return n;
        Fail($"\"{name}\" must be an integer");
        return 0;
    }

    public bool Boolean(string name, bool optional = false)
    {
        if (_data.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False) return v.GetBoolean();
        if (!optional || Has(name)) Fail($"\"{name}\" must be true or false");
        return false;
    }

    public IdentityId Did(string name, bool optional = false)
    {
        var text = String(name, optional);
        if (text.Length == 0 && optional) return default;
        if (IdentityId.TryParse(text, out var id)) return id;
        Fail($"\"{name}\" must be an Ed25519 did:key");
        return default;
    }

    public WorkId Work(string name)
    {
        if (WorkId.TryParseExact(String(name), out var id)) return id;
        Fail($"\"{name}\" must be sha256:<64 lowercase hex>");
        return default;
    }

    public LedgerTime Time(string name, bool optional = false)
    {
        var text = String(name, optional);
        if (text.Length == 0 && optional) return default;
        if (LedgerTime.TryParse(text, out var time)) return time;
        Fail($"\"{name}\" must be a time yyyy-MM-ddTHH:mm:ss.fffZ");
        return default;
    }

    public IReadOnlyList<string> Strings(string name, bool optional = false)
    {
        if (_data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array)
        {
            var list = new List<string>(v.GetArrayLength());
            foreach (var item in v.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String) { Fail($"\"{name}\" must be a list of strings"); return []; }
                list.Add(item.GetString()!);
            }
            return list;
        }
        if (!optional || Has(name)) Fail($"\"{name}\" must be a list of strings");
        return [];
    }

    /// <summary>A list of work digests, or <c>"*"</c> (null: every work); never empty.</summary>
    public IReadOnlyList<WorkId>? WorksOrEverything(string name)
    {
        var element = Element(name);
        if (element.ValueKind == JsonValueKind.String && element.GetString() == LicenseGranted.Everything) return null;
        var list = new List<WorkId>();
        foreach (var text in Strings(name))
        {
            if (WorkId.TryParseExact(text, out var work)) list.Add(work);
            else Fail($"\"{name}\" holds '{text}', which is not a work digest");
        }
        if (list.Count == 0) Fail($"\"{name}\" must list at least one work, or be \"*\"");
        return list;
    }

    /// <summary>A non-empty list of uses of the vocabulary.</summary>
    public IReadOnlyList<Use> Uses(string name)
    {
        var uses = new List<Use>();
        foreach (var text in Strings(name))
        {
            if (Use.TryParse(text, out var use)) uses.Add(use);
            else Fail($"\"{name}\" holds '{text}', which is not a known use");
        }
        if (uses.Count == 0) Fail($"\"{name}\" must name at least one use");
        return uses;
    }

    public readonly JsonElement Element(string name) => _data.TryGetProperty(name, out var v) ? v : default;

    public void Fail(string problem) => Problem ??= problem;
}
