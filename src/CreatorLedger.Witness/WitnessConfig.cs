using System.Text.Json;
using CreatorLedger.Transparency;

namespace CreatorLedger.Witness;

/// <summary>
/// The witness's configuration file (JSON; relative paths are relative to the file's folder):
/// <code>
/// {
///   "name": "witness.example/w1",          // the cosigner's key name
///   "keyFile": "witness.key",              // base64 of the 32-byte Ed25519 seed, mode 0600
///   "stateFile": "witness.db",             // SQLite state
///   "listen": "http://127.0.0.1:0",        // port 0: any free port, printed on start
///   "prefix": "/w1",                       // optional path prefix ("" by default)
///   "logs": [ { "origin": "example.com/log", "vkey": "example.com/log+abcd1234+AQ…" } ]
/// }
/// </code>
/// An origin listed more than once trusts each listed key (key rotation). Unknown properties are refused, so a typo is not ignored.
/// </summary>
public sealed class WitnessConfig
{
    public required string Name { get; init; }

    public required string KeyFile { get; init; }

    public required string StateFile { get; init; }

    public required Uri Listen { get; init; }

    /// <summary>"" or a path starting with '/' and not ending with one.</summary>
    public string Prefix { get; init; } = "";

    public required IReadOnlyList<WitnessedLog> Logs { get; init; }

    public static WitnessConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw Invalid(path, "the file is not a JSON object");
        string[] known = ["name", "keyFile", "stateFile", "listen", "prefix", "logs"];
        foreach (var property in root.EnumerateObject())
            if (!known.Contains(property.Name, StringComparer.Ordinal)) throw Invalid(path, $"unknown property '{property.Name}'");

        var logs = new List<(string Origin, NoteVerifierKey Key)>();
        if (!root.TryGetProperty("logs", out var logArray) || logArray.ValueKind != JsonValueKind.Array)
            throw Invalid(path, "'logs' is not an array");
        foreach (var entry in logArray.EnumerateArray())
        {
            var origin = Text(path, entry, "origin");
            var vkey = Text(path, entry, "vkey");
            if (!NoteVerifierKey.TryParse(vkey, out var key, out var problem)) throw Invalid(path, $"the vkey of '{origin}' is not a vkey: {problem}");
            if (key.SignatureType != NoteVerifierKey.Ed25519Type) throw Invalid(path, $"the vkey of '{origin}' is not a log key (type 0x01)");
            logs.Add((origin, key));
        }
        var listen = Text(path, root, "listen");
        if (!Uri.TryCreate(listen, UriKind.Absolute, out var listenUri) || listenUri.Scheme != Uri.UriSchemeHttp)
            throw Invalid(path, $"'listen' ({listen}) is not an http://host:port URL");
        var prefix = root.TryGetProperty("prefix", out _) ? Text(path, root, "prefix", allowEmpty: true) : "";
        var name = Text(path, root, "name");
        try
        {
            return new WitnessConfig
            {
                Name = name,
                KeyFile = Path.Combine(folder, Text(path, root, "keyFile")),
                StateFile = Path.Combine(folder, Text(path, root, "stateFile")),
                Listen = listenUri,
                Prefix = NormalizePrefix(prefix),
                Logs = logs.GroupBy(l => l.Origin, StringComparer.Ordinal).Select(g => new WitnessedLog(g.Key, g.Select(l => l.Key))).ToArray(),
            };
        }
        catch (ArgumentException e)
        {
            throw Invalid(path, e.Message);
        }
    }

    /// <summary>"" stays "", "w1/" becomes "/w1"; only URL path characters are allowed.</summary>
    public static string NormalizePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var trimmed = prefix.Trim('/');
        if (trimmed.Length == 0) return "";
        foreach (var c in trimmed)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '.' or '_' or '~'))
                throw new ArgumentException($"The prefix '{prefix}' may hold only letters, digits, '/', '-', '.', '_' and '~'.", nameof(prefix));
        if (trimmed.Contains("//", StringComparison.Ordinal)) throw new ArgumentException($"The prefix '{prefix}' has an empty segment.", nameof(prefix));
        return "/" + trimmed;
    }

    private static string Text(string path, JsonElement element, string property, bool allowEmpty = false)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out var value) || value.ValueKind != JsonValueKind.String)
            throw Invalid(path, $"'{property}' is missing or not a string");
        var text = value.GetString()!;
        if (!allowEmpty && text.Length == 0) throw Invalid(path, $"'{property}' is empty");
        return text;
    }

    private static InvalidDataException Invalid(string path, string problem) => new($"Witness config {path}: {problem}.");
}
