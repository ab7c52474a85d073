using CreatorLedger.Transparency;

namespace CreatorLedger.Witness;

/// <summary>A log this witness cosigns: its origin line and the log keys (type 0x01) it trusts for it.</summary>
public sealed class WitnessedLog
{
    public WitnessedLog(string origin, IEnumerable<NoteVerifierKey> keys)
    {
        if (string.IsNullOrEmpty(origin) || origin.Contains('\n')) throw new ArgumentException("An origin is one non-empty line.", nameof(origin));
        ArgumentNullException.ThrowIfNull(keys);
        var array = keys.Distinct().ToArray();
        if (array.Length == 0) throw new ArgumentException($"Log '{origin}' has no key.", nameof(keys));
        foreach (var key in array)
            if (key.SignatureType != NoteVerifierKey.Ed25519Type)
                throw new ArgumentException($"Log key {key.Name}+{key.KeyIdHex} is not a log key (type 0x01).", nameof(keys));
        Origin = origin;
        Keys = array;
    }

    public string Origin { get; }

    public IReadOnlyList<NoteVerifierKey> Keys { get; }
}
